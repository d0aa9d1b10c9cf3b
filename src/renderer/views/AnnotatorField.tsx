import { useState } from 'react';
import { getAnnotator, setAnnotator } from '../state/annotator';
import { pushNotice } from '../state/store';

/** "Labelling as": the name every label from this window carries; kept on this machine. */
export function AnnotatorField() {
  const [name, setName] = useState(getAnnotator() ?? '');
  const save = () => {
    try {
      setName(setAnnotator(name) ?? '');
    } catch {
      pushNotice('error', 'An annotator name is 1-100 characters, without control characters.');
      setName(getAnnotator() ?? '');
    }
  };
  return (
    <label className="muted small annotator" title="Every label you make carries this name (kept on this machine); without one, labels are the 'unknown' annotator's">
      Labelling as{' '}
      <input
        data-testid="annotator-name"
        value={name}
        placeholder="your name"
        size={12}
        onChange={(e) => setName(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        }}
      />
    </label>
  );
}
