/**
 * Turns Ctrl-C (SIGINT), SIGTERM (a service manager, `kill`) and SIGHUP (a closed terminal or session)
 * into an abort the engine honours between journal groups, for the duration of fn.
 */
export async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((name) => {
    const onSignal = () => controller.abort(name === 'SIGINT' ? 'Ctrl-C (SIGINT)' : name);
    process.on(name, onSignal);
    return () => process.off(name, onSignal);
  });
  try {
    return await fn(controller.signal);
  } finally {
    for (const off of handlers) off();
  }
}
