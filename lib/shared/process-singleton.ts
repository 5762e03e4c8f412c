// One value per server process, shared by every bundle Next loads a module into (route
// handlers and instrumentation can each get their own copy of a module; globalThis is one).

export function processSingleton<T>(name: string, create: () => T): T {
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(`sora-studio.${name}`);
  if (holder[key] === undefined) holder[key] = create();
  return holder[key] as T;
}

/** Forgets a singleton (so a failed start can be retried). */
export function dropProcessSingleton(name: string): void {
  delete (globalThis as unknown as Record<symbol, unknown>)[Symbol.for(`sora-studio.${name}`)];
}
