import { DEFAULT_MESSAGE_BY_CODE, STATUS_BY_CODE } from "./contract";

// Failure injection for tests and for trying the studio's error paths by hand.
// A fault is armed through EMULATOR_FAULTS (JSON array), `POST /api/emulator/faults`, or a
// `[emulate:fail=<code>]` directive in a prompt (that task alone ends failed with <code>).
// On "file" (a download of a video URL), code "cut" announces the whole Content-Length but
// breaks the body off after `afterBytes`; any other code answers with that code's status.

export type FaultTarget = "create" | "retrieve" | "task" | "file";
export const FILE_CUT = "cut";
export type Fault = {
  on: FaultTarget;
  /** An upstream error code (contract §4); its status follows from it unless `status` is given. */
  code: string;
  status?: number;
  message?: string;
  /** Send `error` as a bare string instead of `{code, message}`. */
  bare?: boolean;
  /** How many calls it affects; absent = until cleared. */
  times?: number;
  /** Sleep this long before answering (to trigger client timeouts). */
  delayMs?: number;
  retryAfterS?: number;
  /** With `on: "file", code: "cut"`: bytes sent before the connection breaks (default 0). */
  afterBytes?: number;
};

export function parseFaults(input: unknown): Fault[] {
  const list = Array.isArray(input) ? input : [input];
  return list.map((raw, i) => {
    if (typeof raw !== "object" || raw === null) throw new Error(`fault ${i} must be an object`);
    const f = raw as Record<string, unknown>;
    if (f.on !== "create" && f.on !== "retrieve" && f.on !== "task" && f.on !== "file")
      throw new Error(`fault ${i}: "on" must be create, retrieve, task or file`);
    if (typeof f.code !== "string" || f.code === "") throw new Error(`fault ${i}: "code" is required`);
    if (f.code === FILE_CUT && f.on !== "file") throw new Error(`fault ${i}: code "cut" only applies to "on": "file"`);
    for (const key of ["status", "times", "delayMs", "retryAfterS", "afterBytes"] as const) {
      if (f[key] !== undefined && (typeof f[key] !== "number" || (f[key] as number) < 0))
        throw new Error(`fault ${i}: "${key}" must be a non-negative number`);
    }
    return {
      on: f.on,
      code: f.code,
      ...(typeof f.status === "number" ? { status: f.status } : {}),
      ...(typeof f.message === "string" ? { message: f.message } : {}),
      ...(f.bare === true ? { bare: true } : {}),
      ...(typeof f.times === "number" ? { times: f.times } : {}),
      ...(typeof f.delayMs === "number" ? { delayMs: f.delayMs } : {}),
      ...(typeof f.retryAfterS === "number" ? { retryAfterS: f.retryAfterS } : {}),
      ...(typeof f.afterBytes === "number" ? { afterBytes: Math.floor(f.afterBytes) } : {}),
    };
  });
}

export function statusOf(fault: Fault): number {
  return fault.status ?? STATUS_BY_CODE[fault.code] ?? 500;
}

export function messageOf(fault: Fault): string {
  return fault.message ?? DEFAULT_MESSAGE_BY_CODE[fault.code] ?? fault.code;
}

export class FaultBook {
  private faults: Fault[] = [];

  set(faults: Fault[]) {
    this.faults = faults.map((f) => ({ ...f }));
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Takes the first armed fault for a target, counting down its `times`. */
  take(on: FaultTarget): Fault | undefined {
    const index = this.faults.findIndex((f) => f.on === on);
    if (index < 0) return undefined;
    const fault = this.faults[index] as Fault;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.faults.splice(index, 1);
    }
    return { ...fault };
  }
}

const DIRECTIVE = /\[emulate:fail=([a-z_]+)(:bare)?\]/;

/** A failure requested by the prompt itself, e.g. "a cat [emulate:fail=forbidden]". */
export function promptFault(prompt: string): Fault | undefined {
  const match = DIRECTIVE.exec(prompt);
  if (!match) return undefined;
  return { on: "task", code: match[1] as string, ...(match[2] ? { bare: true } : {}) };
}
