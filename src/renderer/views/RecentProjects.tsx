import { useEffect, useState } from 'react';
import { createProjectsApi } from '../api/projects';
import type { RecentProject } from '../../shared/contract/projects';
import { getTransport, report } from '../state/controller';
import { formatDateTime, t } from '../i18n';

/**
 * Recent projects (issue 18, item 15): the list main or the host keeps; Open switches this window
 * to one (the backend re-creates its service there and the page reloads its state). In Electron,
 * "Open a project folder…" goes through main's own folder dialog.
 */
export function RecentProjects() {
  const [list, setList] = useState<RecentProject[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const transport = getTransport();

  useEffect(() => {
    let live = true;
    createProjectsApi(transport)
      .recentProjects({})
      .then((l) => live && setList(l))
      .catch(report);
    return () => {
      live = false;
    };
  }, [transport]);

  const open = async (p: string) => {
    setBusy(p);
    try {
      await createProjectsApi(transport).openProject({ path: p });
      // The browser host also tells every tab to reload; Electron's main reloads the window. This is the fallback.
      window.location.reload();
    } catch (err) {
      report(err);
      setBusy(null);
    }
  };

  const chooseFolder = async () => {
    try {
      const p = await transport.chooseProjectFolder?.();
      if (p) window.location.reload();
    } catch (err) {
      report(err);
    }
  };

  return (
    <section className="card" data-testid="recent-projects">
      <div className="card-head">
        <h2>{t('recent.title')}</h2>
        {transport.chooseProjectFolder && (
          <button type="button" data-testid="open-project-folder" onClick={() => void chooseFolder()}>
            {t('recent.openFolder')}
          </button>
        )}
      </div>
      {list === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : list.length <= 1 ? (
        <p className="muted">{transport.kind === 'browser' ? t('recent.onlyThisBrowser') : t('recent.onlyThis')}</p>
      ) : null}
      {list && list.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>{t('recent.project')}</th>
              <th>{t('recent.folder')}</th>
              <th>{t('recent.opened')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.path} data-testid="recent-project" data-path={p.path} data-current={p.current || undefined} className={p.current ? 'active' : undefined}>
                <td>
                  <strong>{p.name}</strong> {p.current && <span className="badge">{t('recent.current')}</span>}
                  {p.missing && <span className="badge">{t('recent.missing')}</span>}
                </td>
                <td className="source muted" title={p.path}>
                  {p.path}
                </td>
                <td>{formatDateTime(p.openedAt)}</td>
                <td className="actions">
                  {!p.current && (
                    <button type="button" data-testid="open-recent" disabled={p.missing || busy !== null} aria-label={t('recent.openAria', { name: p.name })} onClick={() => void open(p.path)}>
                      {busy === p.path ? t('recent.opening') : t('recent.open')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
