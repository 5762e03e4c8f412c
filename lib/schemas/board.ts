// zod/mini: the storyboard page validates with exactly the schema the server stores with.
import * as z from "zod/mini";
import type { Task } from "./task";
import { generationSchema, type GenerationInput } from "./generation";
import {
  DEFAULT_GENERATION,
  IMAGE_URLS_MAX,
  PROMPT_MAX_CHARS,
  URL_MAX_CHARS,
  isUploadRef,
  type Duration,
  type Model,
  type Orientation,
  type Size,
} from "./rules";
import { requiredText } from "./required-text";
import { modelField, offeredDuration, orientationField, sizeField } from "./setting-fields";
import { lengthOf } from "./catalog";

// A storyboard: an ordered list of shots that become one film. Each shot is a generation
// request of its own (its prompt, and the board's model, size, duration and orientation unless
// it overrides them) with any number of takes (tasks made for it); the chosen take of each shot,
// in order, is the film. The board is one document (this schema), saved whole with a version
// number, so reordering or duplicating shots is one write and a board exports as it is stored.

export const BOARD_TITLE_MAX = 120;
export const BOARD_STYLE_MAX = 1000;
export const BOARD_SHOTS_MAX = 40;
/** Longest crossfade between two shots, in seconds (a shot is at least 10 s). */
export const CROSSFADE_MAX_S = 2;
/** A trimmed take keeps at least this much, in seconds. */
export const TRIM_MIN_KEEP_S = 0.5;
/** What joins a shot's prompt and the board's style text. */
export const STYLE_SEPARATOR = "\n\n";

/** Body cap of a board save: every shot at its largest (a prompt \u-escaped, every URL), plus the board's own fields. */
export const BOARD_BODY_MAX_BYTES =
  BOARD_SHOTS_MAX * (12 * PROMPT_MAX_CHARS + IMAGE_URLS_MAX * (URL_MAX_CHARS + 8) + 1024) +
  12 * BOARD_STYLE_MAX +
  64 * 1024;

export const SHOT_ID = /^[A-Za-z0-9_-]{1,64}$/;

const secondsField = (what: string) =>
  z
    .number({ error: `${what} must be a number of seconds` })
    .check(z.gte(0, { error: `${what} cannot be negative` }), z.lte(60, { error: `${what} must be at most 60 s` }));

/** The board-wide settings every shot uses unless it overrides them. */
export const boardDefaultsSchema = z.strictObject({
  model: modelField,
  size: sizeField,
  duration: z.number().check(offeredDuration()),
  orientation: orientationField,
});
export type BoardDefaults = { model: Model; size: Size; duration: Duration; orientation: Orientation };

const referenceUrl = z.string({ error: "A reference image must be a URL" }).check(
  z.trim(),
  z.maxLength(URL_MAX_CHARS, { error: `A reference image URL must be at most ${URL_MAX_CHARS} characters` }),
  z.refine((value) => isUploadRef(value) || value.startsWith("https://"), {
    error: "A reference image must be an upload or an https:// URL",
  }),
);

export const shotSchema = z.strictObject({
  id: z.string().check(z.regex(SHOT_ID, { error: "A shot id is 1–64 letters, digits, - or _" })),
  /** May be empty while planning; a shot is generated only with a prompt. */
  prompt: z
    .string({ error: "The prompt must be text" })
    .check(z.maxLength(PROMPT_MAX_CHARS, { error: `The prompt must be at most ${PROMPT_MAX_CHARS} characters` })),
  model: z.optional(modelField),
  size: z.optional(sizeField),
  duration: z.optional(z.number().check(offeredDuration())),
  orientation: z.optional(orientationField),
  /** The shot's own reference images (uploads or https URLs). */
  imageUrls: z
    .array(referenceUrl)
    .check(z.maxLength(IMAGE_URLS_MAX, { error: `At most ${IMAGE_URLS_MAX} reference images` })),
  /** Use the last frame of the previous shot's chosen take as a reference image. */
  continueFromPrevious: z.boolean(),
  /** Send the board's character clip with this shot. */
  useCharacter: z.boolean(),
  /** The take the film uses; null: the newest finished one. */
  chosenTaskId: z.nullable(z.string().check(z.maxLength(64))),
  /** Seconds cut from the start of the chosen take. */
  trimStart: secondsField("The trim start"),
  /** Where the chosen take ends, in seconds from its start; null: its end. */
  trimEnd: z.nullable(secondsField("The trim end")),
});
export type Shot = z.output<typeof shotSchema>;

export const characterSchema = z.strictObject({
  url: z.string().check(
    z.trim(),
    z.minLength(1, { error: "Choose a character clip" }),
    z.maxLength(URL_MAX_CHARS),
    z.refine((value) => isUploadRef(value) || value.startsWith("https://"), {
      error: "The character clip must be an upload or an https:// URL",
    }),
  ),
  start: secondsField("The character start"),
  end: secondsField("The character end"),
});

export const boardDocSchema = z
  .strictObject({
    title: requiredText(
      "Give the board a title",
      BOARD_TITLE_MAX,
      `The title must be at most ${BOARD_TITLE_MAX} characters`,
    ),
    defaults: boardDefaultsSchema,
    /** Appended to every shot's prompt, so the shots share one look. */
    style: z
      .string()
      .check(z.maxLength(BOARD_STYLE_MAX, { error: `The style must be at most ${BOARD_STYLE_MAX} characters` })),
    /** A character clip the shots may share (each shot says whether it uses it). */
    character: z.nullable(characterSchema),
    /** Seconds of crossfade between consecutive shots in the film; 0: a straight cut. */
    crossfade: z
      .number()
      .check(
        z.gte(0, { error: "The crossfade cannot be negative" }),
        z.lte(CROSSFADE_MAX_S, { error: `The crossfade must be at most ${CROSSFADE_MAX_S} s` }),
      ),
    shots: z
      .array(shotSchema)
      .check(
        z.minLength(1, { error: "A board has at least one shot" }),
        z.maxLength(BOARD_SHOTS_MAX, { error: `A board has at most ${BOARD_SHOTS_MAX} shots` }),
      ),
  })
  .check(
    z.superRefine((board, ctx) => {
      const seen = new Set<string>();
      board.shots.forEach((shot, i) => {
        if (seen.has(shot.id))
          ctx.addIssue({ code: "custom", path: ["shots", i, "id"], message: "Each shot needs its own id" });
        seen.add(shot.id);
        if (shot.trimEnd !== null && shot.trimEnd - shot.trimStart < TRIM_MIN_KEEP_S) {
          ctx.addIssue({
            code: "custom",
            path: ["shots", i, "trimEnd"],
            message: `A trimmed take keeps at least ${TRIM_MIN_KEEP_S} s`,
          });
        }
      });
      if (board.shots[0]?.continueFromPrevious) {
        ctx.addIssue({
          code: "custom",
          path: ["shots", 0, "continueFromPrevious"],
          message: "The first shot has no shot before it to continue from",
        });
      }
      if (board.character && !(board.character.start < board.character.end)) {
        ctx.addIssue({
          code: "custom",
          path: ["character", "end"],
          message: "The character end must come after its start",
        });
      }
    }),
  );
export type BoardDoc = z.output<typeof boardDocSchema>;

/** A stored board as the studio answers it. */
export type Board = BoardDoc & {
  id: string;
  version: number;
  ownerId: string | null;
  createdAt: string;
  updatedAt: string;
};

/** A shot waiting for the one before it to finish (or, with `error`, the reason it stopped waiting). */
export type ShotWait = { shotId: string; afterShotId: string; error: string | null };
/**
 * A board as its page reads it: each shot's takes (newest first), the waiting shots, and the
 * server's time just before reading. A take is linked in the transaction that makes its task, so
 * a task made well before `readAt` that is not among the takes is not one of this board's.
 */
export type BoardView = { board: Board; takes: Record<string, Task[]>; waits: ShotWait[]; readAt: string };
export type GenerateResult = {
  started: { shotId: string; taskId: string }[];
  waiting: string[];
  skipped: { shotId: string; message: string }[];
};
export type BoardSummary = {
  id: string;
  title: string;
  shots: number;
  ownerId: string | null;
  updatedAt: string;
  posterUrl: string | null;
};

/** What "generate" is asked for: every shot, those without a take, or the named ones. */
export type GenerateWhich = "all" | "missing" | string[];

// ——— Sharing: the uploads a board names ———

/** Every upload a board names (reference images, then the character clip), once each. */
export function boardUploadRefs(board: Pick<BoardDoc, "shots" | "character">): string[] {
  const refs = board.shots.flatMap((s) => s.imageUrls).filter(isUploadRef);
  if (board.character && isUploadRef(board.character.url)) refs.push(board.character.url);
  return [...new Set(refs)];
}

// ——— Editing: pure functions of the document, used by the page and tested alone ———

export function emptyShot(id: string): Shot {
  return {
    id,
    prompt: "",
    imageUrls: [],
    continueFromPrevious: false,
    useCharacter: false,
    chosenTaskId: null,
    trimStart: 0,
    trimEnd: null,
  };
}

export function newBoard(title: string, firstShotId: string, defaults: BoardDefaults = DEFAULT_GENERATION): BoardDoc {
  return {
    title,
    defaults: { ...defaults },
    style: "",
    character: null,
    crossfade: 0,
    shots: [emptyShot(firstShotId)],
  };
}

/** A new empty shot after `afterId` (at the end when absent); it continues from the shot before it when that one does. */
export function addShot(board: BoardDoc, id: string, afterId?: string): BoardDoc {
  const at = afterId === undefined ? board.shots.length : board.shots.findIndex((s) => s.id === afterId) + 1;
  const index = at <= 0 ? board.shots.length : at;
  const shot = {
    ...emptyShot(id),
    continueFromPrevious: index > 0 && board.shots.some((s) => s.continueFromPrevious),
    useCharacter: board.character !== null,
  };
  return { ...board, shots: [...board.shots.slice(0, index), shot, ...board.shots.slice(index)] };
}

/** A copy of a shot's request right after it; takes are not copied (the copy has none yet). */
export function duplicateShot(board: BoardDoc, shotId: string, newId: string): BoardDoc {
  const index = board.shots.findIndex((s) => s.id === shotId);
  const shot = board.shots[index];
  if (!shot) return board;
  const copy: Shot = {
    ...shot,
    id: newId,
    imageUrls: [...shot.imageUrls],
    chosenTaskId: null,
    trimStart: 0,
    trimEnd: null,
  };
  return { ...board, shots: [...board.shots.slice(0, index + 1), copy, ...board.shots.slice(index + 1)] };
}

/**
 * Moves a shot to position `to` (clamped). Whatever lands first can no longer continue from a
 * previous shot, so that flag is cleared there: the saved board is always valid.
 */
export function moveShot(board: BoardDoc, shotId: string, to: number): BoardDoc {
  const from = board.shots.findIndex((s) => s.id === shotId);
  if (from < 0) return board;
  const target = Math.max(0, Math.min(board.shots.length - 1, to));
  if (target === from) return board;
  const shots = [...board.shots];
  const [shot] = shots.splice(from, 1);
  shots.splice(target, 0, shot as Shot);
  return { ...board, shots: firstStandsAlone(shots) };
}

/** Removes a shot (never the last one: a board has at least one). */
export function removeShot(board: BoardDoc, shotId: string): BoardDoc {
  if (board.shots.length <= 1) return board;
  return { ...board, shots: firstStandsAlone(board.shots.filter((s) => s.id !== shotId)) };
}

export function updateShot(board: BoardDoc, shotId: string, change: Partial<Omit<Shot, "id">>): BoardDoc {
  return { ...board, shots: firstStandsAlone(board.shots.map((s) => (s.id === shotId ? { ...s, ...change } : s))) };
}

function firstStandsAlone(shots: Shot[]): Shot[] {
  const [first, ...rest] = shots;
  return first?.continueFromPrevious ? [{ ...first, continueFromPrevious: false }, ...rest] : shots;
}

// ——— Takes and continuity ———

/** What the board needs to know of a take (a task made for a shot). */
export type TakeLike = {
  id: string;
  state: string;
  createdAt: string;
  request: { model: string; duration?: number; orientation?: Orientation; size?: Size };
  videos: { id: string; archived: boolean }[];
};

export const isFinishedTake = (take: TakeLike): boolean => take.state === "succeeded" && take.videos.length > 0;
const isBusyTake = (take: TakeLike): boolean => take.state !== "succeeded" && take.state !== "failed";

/**
 * The take the film uses for a shot: the chosen one while it is finished, otherwise the newest
 * finished take. A chosen take that failed, is still rendering or was deleted does not count.
 */
export function chosenTake<T extends TakeLike>(shot: Pick<Shot, "chosenTaskId">, takes: readonly T[]): T | undefined {
  const finished = takes.filter(isFinishedTake);
  return (
    finished.find((t) => t.id === shot.chosenTaskId) ??
    finished.reduce<T | undefined>((newest, t) => (!newest || t.createdAt > newest.createdAt ? t : newest), undefined)
  );
}

/** The part of a take the film plays, in seconds of the take: the trim, kept inside the clip. */
export function playedSpan(
  shot: Pick<Shot, "trimStart" | "trimEnd">,
  clipDurationS: number,
): { start: number; end: number } {
  const end = Math.min(clipDurationS, shot.trimEnd ?? clipDurationS);
  const start = Math.min(shot.trimStart, Math.max(0, end - TRIM_MIN_KEEP_S));
  return { start, end };
}

/**
 * Where the continuity frame is taken from: the last frame the film shows of the previous shot,
 * i.e. its trimmed end, not the end of the file. Seconds from the clip's start.
 */
export function continuityFrameTime(previous: Pick<Shot, "trimStart" | "trimEnd">, clipDurationS: number): number {
  return playedSpan(previous, clipDurationS).end;
}

/** The settings a shot is generated with: its own where it sets them, the board's otherwise. */
export function shotSettings(board: Pick<BoardDoc, "defaults">, shot: Shot): BoardDefaults {
  return {
    model: shot.model ?? board.defaults.model,
    size: shot.size ?? board.defaults.size,
    duration: (shot.duration ?? board.defaults.duration) as Duration,
    orientation: shot.orientation ?? board.defaults.orientation,
  };
}

/** The prompt sent for a shot: its own text, then the board's style. */
export function shotPrompt(board: Pick<BoardDoc, "style">, shot: Pick<Shot, "prompt">): string {
  const style = board.style.trim();
  const prompt = shot.prompt.trim();
  return style ? (prompt ? `${prompt}${STYLE_SEPARATOR}${style}` : style) : prompt;
}

/**
 * The generation request of a shot. `continuityImage` is the previous shot's last frame (an
 * upload) when the shot continues from it; it goes first, before the shot's own images.
 */
export function shotRequest(board: BoardDoc, shot: Shot, continuityImage?: string): GenerationInput {
  const images = [...(continuityImage ? [continuityImage] : []), ...shot.imageUrls];
  const character = shot.useCharacter ? board.character : null;
  return {
    prompt: shotPrompt(board, shot),
    ...shotSettings(board, shot),
    ...(images.length > 0 ? { image_urls: images } : {}),
    ...(character
      ? { character_url: character.url, character_start: character.start, character_end: character.end }
      : {}),
  };
}

/** Why a shot's request is not valid as it stands (the generation schema's own words), or null. */
export function shotProblem(board: BoardDoc, shot: Shot, continuityImage?: string): string | null {
  const result = generationSchema.safeParse(
    shotRequest(
      board,
      shot,
      continuityImage ?? (shot.continueFromPrevious ? "/api/uploads/00000000000000000000000000000000" : undefined),
    ),
  );
  if (result.success) return null;
  const issue = result.error.issues[0];
  return issue ? `${issue.path.join(".") || "request"}: ${issue.message}` : "invalid request";
}

export type ShotPlan =
  /** Submit now (with the previous shot's frame when it continues from it). */
  | { shotId: string; action: "start"; continueFrom?: { shotId: string; take: string } }
  /** Submit once the previous shot has a finished take (it is rendering, or starts in this same plan). */
  | { shotId: string; action: "wait"; after: string }
  | {
      shotId: string;
      action: "skip";
      reason: "no_prompt" | "busy" | "previous_failed" | "previous_missing" | "invalid";
      message: string;
    };

/**
 * What "generate" does for each shot asked for. `all`: every shot; `missing`: shots with no
 * finished take and none rendering. A shot already rendering is skipped (one take at a time
 * per shot from these buttons). A shot that continues from one with no finished take waits for
 * it when that one is rendering or is started by this plan; otherwise it is skipped, said why.
 */
export function generationPlan<T extends TakeLike>(
  board: BoardDoc,
  takes: ReadonlyMap<string, readonly T[]>,
  which: GenerateWhich,
  /** Shots already waiting for the one before them: they will have a take too. */
  waiting: ReadonlySet<string> = new Set(),
): ShotPlan[] {
  const asked = new Set(
    which === "all"
      ? board.shots.map((s) => s.id)
      : which === "missing"
        ? board.shots
            .filter((s) => {
              const own = takes.get(s.id) ?? [];
              return !own.some(isFinishedTake) && !own.some(isBusyTake);
            })
            .map((s) => s.id)
        : which,
  );
  const plans: ShotPlan[] = [];
  /** Shots that will have a new take: rendering now, or started/waiting in this plan. */
  const coming = new Set([
    ...waiting,
    ...board.shots.filter((s) => (takes.get(s.id) ?? []).some(isBusyTake)).map((s) => s.id),
  ]);
  const planOf = (shot: Shot, i: number): ShotPlan => {
    const own = takes.get(shot.id) ?? [];
    const skip = (reason: Extract<ShotPlan, { action: "skip" }>["reason"], message: string): ShotPlan => ({
      shotId: shot.id,
      action: "skip",
      reason,
      message,
    });
    if (!shot.prompt.trim() && !board.style.trim()) return skip("no_prompt", `Shot ${i + 1} has no prompt yet`);
    if (own.some(isBusyTake)) return skip("busy", `Shot ${i + 1} is already being generated`);
    const problem = shotProblem(board, shot);
    if (problem) return skip("invalid", `Shot ${i + 1}: ${problem}`);
    const previous = board.shots[i - 1];
    if (!shot.continueFromPrevious || !previous) {
      coming.add(shot.id);
      return { shotId: shot.id, action: "start" };
    }
    const previousTakes = takes.get(previous.id) ?? [];
    if (coming.has(previous.id)) {
      coming.add(shot.id);
      return { shotId: shot.id, action: "wait", after: previous.id };
    }
    const take = chosenTake(previous, previousTakes);
    if (take) {
      coming.add(shot.id);
      return { shotId: shot.id, action: "start", continueFrom: { shotId: previous.id, take: take.id } };
    }
    if (previousTakes.some((t) => t.state === "failed"))
      return skip(
        "previous_failed",
        `Shot ${i + 1} continues from shot ${i}, whose take failed; generate shot ${i} again first`,
      );
    return skip(
      "previous_missing",
      `Shot ${i + 1} continues from shot ${i}, which has no finished take yet; generate shot ${i} first`,
    );
  };
  for (const [i, shot] of board.shots.entries()) if (asked.has(shot.id)) plans.push(planOf(shot, i));
  return plans;
}

// ——— The film: the chosen takes in order ———

export type FilmSegment<T extends TakeLike = TakeLike> = {
  shotId: string;
  index: number;
  take: T;
  start: number;
  end: number;
};
export type FilmGap = { shotId: string; index: number; reason: "no_take" | "rendering" | "failed" };

/**
 * The film as the board stands: each shot's chosen take, trimmed, in order (durations from the
 * requests, which the preview and the export correct with the real files). Shots without a
 * finished take are gaps, named with why, so the page can say what is missing before playing.
 */
export function filmSegments<T extends TakeLike>(
  board: Pick<BoardDoc, "shots">,
  takes: ReadonlyMap<string, readonly T[]>,
): { segments: FilmSegment<T>[]; gaps: FilmGap[] } {
  const segments: FilmSegment<T>[] = [];
  const gaps: FilmGap[] = [];
  board.shots.forEach((shot, index) => {
    const own = takes.get(shot.id) ?? [];
    const take = chosenTake(shot, own);
    if (!take) {
      gaps.push({
        shotId: shot.id,
        index,
        reason: own.some(isBusyTake) ? "rendering" : own.some((t) => t.state === "failed") ? "failed" : "no_take",
      });
      return;
    }
    segments.push({ shotId: shot.id, index, take, ...playedSpan(shot, lengthOf(take.request)) });
  });
  return { segments, gaps };
}

/** The crossfade the film can use: never more than half the shortest shot, so no shot fades into the one after next. */
export function effectiveCrossfade(durations: readonly number[], crossfade: number): number {
  if (durations.length < 2) return 0;
  return Math.max(0, Math.min(crossfade, Math.min(...durations) / 2));
}

/** Where each shot starts in the film and how long the film is, with crossfades overlapping neighbours. */
export function filmTimeline(
  durations: readonly number[],
  crossfade: number,
): { starts: number[]; total: number; crossfade: number } {
  const fade = effectiveCrossfade(durations, crossfade);
  const starts: number[] = [];
  let at = 0;
  for (const d of durations) {
    starts.push(at);
    at += d - fade;
  }
  return { starts, total: durations.length ? at + fade : 0, crossfade: fade };
}

// ——— Exports: the film rendered on the server ———

export const EXPORT_STATES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type ExportState = (typeof EXPORT_STATES)[number];
export const isExportActive = (state: ExportState) => state === "queued" || state === "running";

/** A film export as the page shows it. */
export type FilmExport = {
  id: string;
  boardId: string;
  state: ExportState;
  /** 0–1: how much of the film is rendered. */
  progress: number;
  error: string | null;
  /** The finished film in the gallery: its task and video. */
  taskId: string | null;
  videoUrl: string | null;
  lengthS: number;
  shots: number;
  createdAt: string;
  finishedAt: string | null;
};
