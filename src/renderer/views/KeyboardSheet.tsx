import { actions } from '../actions/registry';
import { setState, useStore } from '../state/store';
import { isKey, t } from '../i18n';

export function KeyboardSheet() {
  const open = useStore((s) => s.sheetOpen);
  if (!open) return null;
  const close = () => setState({ sheetOpen: false });
  return (
    <div className="sheet-backdrop" onClick={close}>
      <div className="sheet" role="dialog" aria-label={t('top.shortcuts')} data-testid="keyboard-sheet" onClick={(e) => e.stopPropagation()}>
        <h2>{t('ks.title')}</h2>
        <table>
          <tbody>
            {actions.map((a) => (
              <tr key={a.id}>
                <td>
                  <kbd>{a.shortcut}</kbd>
                </td>
                <td>{actionLabel(a.id, a.label)}</td>
                <td className="muted">{a.undoable ? t('ks.undoable') : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={close}>
          {t('ks.close')}
        </button>
      </div>
    </div>
  );
}

/** An action's name in the UI language: its `action.<id>` text, else the English it was written with. */
export function actionLabel(id: string, label: string): string {
  const k = `action.${id}`;
  return isKey(k) ? t(k) : label;
}
