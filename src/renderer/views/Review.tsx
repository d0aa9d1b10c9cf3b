import { Timeline } from '../timeline/Timeline';
import { useStore } from '../state/store';
import { LabelPanel } from './LabelPanel';
import { Transcript } from './Transcript';
import { VideoPane } from './VideoPane';
import { t } from '../i18n';

export function Review() {
  const hasRecording = useStore((s) => s.recordingId !== null);
  if (!hasRecording) return <div className="empty-view">{t('review.empty')}</div>;
  return (
    <div className="review">
      <div className="review-top">
        <VideoPane />
        <Transcript />
        <LabelPanel />
      </div>
      <Timeline />
    </div>
  );
}
