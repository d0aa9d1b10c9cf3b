/** Ctrl-C stops long work cleanly: the signal aborts, the job saves what it finished, exit 130. */
export function abortOnSigint(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSig = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nattune: stopping after the current step (Ctrl-C again to force)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSig);
  process.on('SIGTERM', onSig);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSig);
      process.off('SIGTERM', onSig);
    },
  };
}
