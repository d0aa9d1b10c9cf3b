import { useState } from 'react';
import { getAnnotator, setAnnotator } from '../state/annotator';
import { refreshLabels, refreshQueue, report } from '../state/controller';
import { t } from '../i18n';
import { pushNotice, useStore } from '../state/store';

/** "Labelling as": the name every label from this window carries; kept on this machine. */
export function AnnotatorField() {
  const [name, setName] = useState(getAnnotator() ?? '');
  const blind = useStore((s) => s.blind);
  const save = () => {
    try {
      const before = getAnnotator();
      setName(setAnnotator(name) ?? '');
      // Blind, the views show this name's labels: another name, other labels.
      if (blind && getAnnotator() !== before) void refreshLabels().then(refreshQueue).catch(report);
    } catch {
      pushNotice('error', t('ann.badName'));
      setName(getAnnotator() ?? '');
    }
  };
  return (
    <label className="muted small annotator" title={t('ann.title')}>
      {t('ann.label')}{' '}
      <input
        data-testid="annotator-name"
        value={name}
        placeholder={t('ann.placeholder')}
        size={12}
        onChange={(e) => setName(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        }}
      />
      {blind && (
        <span className="chip" data-testid="blind-badge" title={t('blind.badgeTitle')}>
          {t('blind.badge')}
        </span>
      )}
    </label>
  );
}
