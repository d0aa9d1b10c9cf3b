import { actions } from '../actions/registry';
import { setState, useStore } from '../state/store';

export function KeyboardSheet() {
  const open = useStore((s) => s.sheetOpen);
  if (!open) return null;
  const close = () => setState({ sheetOpen: false });
  return (
    <div className="sheet-backdrop" onClick={close}>
      <div className="sheet" role="dialog" aria-label="Keyboard shortcuts" data-testid="keyboard-sheet" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard</h2>
        <table>
          <tbody>
            {actions.map((a) => (
              <tr key={a.id}>
                <td>
                  <kbd>{a.shortcut}</kbd>
                </td>
                <td>{a.label}</td>
                <td className="muted">{a.undoable ? 'undoable' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={close}>
          Close (?)
        </button>
      </div>
    </div>
  );
}
