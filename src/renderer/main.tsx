import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { pickTransport } from './api/client';
import { describeError } from './api/transport';
import { init, loadHistory } from './state/controller';
import { storedRate } from './state/playback';
import { setState } from './state/store';
import { t } from './i18n';
import './state/prefs';
import './styles.css';

setState({ rate: storedRate() });

const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    <App />
  </StrictMode>,
);

const transport = pickTransport();
if ('error' in transport) {
  setState({ fatal: transport.error });
} else {
  init(transport)
    .then(() => loadHistory())
    .then(() => document.documentElement.setAttribute('data-ready', 'true'))
    .catch((err) => setState({ fatal: t('fatal.load', { error: describeError(err) }) }));
}
