// Types of test-timing.mjs (a plain script npm test runs with node, no build step).
export type FileTiming = { suite: string; file: string; tests: number; ms: number; start: number; end: number };
export type SuiteTiming = { files: FileTiming[]; wallMs: number };
export function vitestFiles(report: unknown, root: string): SuiteTiming;
export function playwrightFiles(report: unknown): SuiteTiming;
export function timingReport(suites: Record<string, SuiteTiming>, count?: number): string;
