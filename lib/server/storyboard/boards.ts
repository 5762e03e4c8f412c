import "server-only";
import { randomUUID } from "node:crypto";
import {
  boardDocSchema,
  chosenTake,
  continuityFrameTime,
  generationPlan,
  newBoard,
  shotRequest,
  type Board,
  type BoardDoc,
  type BoardSummary,
  type BoardView,
  type GenerateResult,
  type GenerateWhich,
  type Shot,
  type ShotPlan,
  type ShotWait,
} from "@/lib/schemas/board";
import type { BoardSave, GenerateBody, NewBoardBody } from "@/lib/schemas/board-requests";
import { generationSchema, type GenerationRequest } from "@/lib/schemas/generation";
import type { Task } from "@/lib/schemas/task";
import { hasRole, type Actor } from "../auth/actor";
import { toActor } from "../auth/accounts";
import { db } from "../db";
import { findUserById } from "../db/accounts-repo";
import * as repo from "../db/boards-repo";
import type { BoardRow, BoardWaitRow } from "../db/schema";
import { findTasks, insertTasks, type NewTask } from "../db/tasks-repo";
import { AppError, notFound } from "../platform/errors";
import { continuityFrameUpload } from "../media/last-frame";
import { log } from "../platform/log";
import { chargeWithinQuota } from "../auth/quotas";
import { trySubmit } from "../tasks/lifecycle";
import { checkUploadRefs } from "../media/uploads";
import { lengthOf } from "@/lib/schemas/catalog";

// Storyboards: plain documents saved whole (with a version, so two tabs never overwrite each
// other silently), whose shots become ordinary tasks through the normal submission queue. A shot
// that continues from the one before it gets that shot's last frame as its first reference
// image; when that shot is still rendering, it waits (board_waits) and the worker starts it
// as soon as the frame exists.

function toBoard(row: BoardRow): Board {
  const doc = JSON.parse(row.doc) as BoardDoc;
  return {
    ...doc,
    id: row.id,
    version: Number(row.version),
    ownerId: row.owner_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const toWait = (row: BoardWaitRow): ShotWait => ({
  shotId: row.shot_id,
  afterShotId: row.after_shot_id,
  error: row.error,
});

/** A board's owner or an admin may change it (with sign-in off, the one user is both). */
function assertMayChange(actor: Actor, board: Pick<Board, "ownerId">): void {
  if (!hasRole(actor, "admin") && board.ownerId !== actor.id) {
    throw new AppError(
      "forbidden",
      "Only the person who made this storyboard, or an admin of the studio, can change it.",
    );
  }
}

async function boardRow(id: string): Promise<BoardRow> {
  const row = await repo.findBoard(await db(), id);
  if (!row) throw notFound("The storyboard");
  return row;
}

/** Each shot's takes, newest first. */
async function takesByShot(boardIds: string[]): Promise<Map<string, Map<string, Task[]>>> {
  const database = await db();
  const links = await repo.takesOf(database, boardIds);
  const tasks = new Map(
    (
      await findTasks(
        database,
        links.map((l) => l.task_id),
      )
    ).map((t) => [t.id, t]),
  );
  const byBoard = new Map<string, Map<string, Task[]>>();
  for (const link of links) {
    const task = tasks.get(link.task_id);
    if (!task) continue;
    const shots = byBoard.get(link.board_id) ?? new Map<string, Task[]>();
    byBoard.set(link.board_id, shots);
    shots.set(link.shot_id, [...(shots.get(link.shot_id) ?? []), task]);
  }
  for (const shots of byBoard.values())
    for (const list of shots.values()) list.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return byBoard;
}

export async function getBoardView(id: string): Promise<BoardView> {
  const readAt = new Date().toISOString();
  const row = await boardRow(id);
  const [takes, waits] = await Promise.all([takesByShot([id]), repo.waitsOf(await db(), id)]);
  return { board: toBoard(row), takes: Object.fromEntries(takes.get(id) ?? []), waits: waits.map(toWait), readAt };
}

export async function listBoards(): Promise<BoardSummary[]> {
  const rows = await repo.listBoards(await db());
  const takes = await takesByShot(rows.map((r) => r.id));
  return rows.map((row) => {
    const board = toBoard(row);
    const first = board.shots[0];
    const poster = first ? chosenTake(first, takes.get(row.id)?.get(first.id) ?? [])?.videos[0]?.posterUrl : null;
    return {
      id: row.id,
      title: board.title,
      shots: board.shots.length,
      ownerId: row.owner_id,
      updatedAt: row.updated_at,
      posterUrl: poster ?? null,
    };
  });
}

/** A new board: the given document (an import), or an empty one titled `title`. */
export async function createBoard(doc: BoardDoc, owner: Actor): Promise<BoardView> {
  const parsed = boardDocSchema.parse(doc);
  const now = new Date().toISOString();
  const id = randomUUID();
  await repo.insertBoard(await db(), {
    id,
    owner_id: owner.id,
    title: parsed.title,
    doc: JSON.stringify(parsed),
    version: 1,
    created_at: now,
    updated_at: now,
  });
  return getBoardView(id);
}

/** POST /api/boards: an empty board with the body's title (newBoardSchema), or "Untitled storyboard". */
export async function createEmptyBoard({ title }: NewBoardBody, owner: Actor): Promise<BoardView> {
  return createBoard(newBoard(title ?? "Untitled storyboard", randomUUID()), owner);
}

/** Saves an edited document; 409 when it was edited from an older version than the stored one. */
export async function saveBoard(id: string, { version, board: doc }: BoardSave, actor: Actor): Promise<BoardView> {
  const current = toBoard(await boardRow(id));
  assertMayChange(actor, current);
  const saved = await repo.saveBoard(await db(), id, version, {
    title: doc.title,
    doc: JSON.stringify(doc),
    shotIds: doc.shots.map((s) => s.id),
    now: new Date().toISOString(),
  });
  if (!saved) {
    throw new AppError(
      "board_changed",
      "This storyboard was changed in another tab or by someone else; reload it to see their changes.",
      { body: await getBoardView(id) },
    );
  }
  return getBoardView(id);
}

export async function deleteBoard(id: string, actor: Actor): Promise<void> {
  assertMayChange(actor, toBoard(await boardRow(id)));
  // Its takes stay in the gallery: they are videos in their own right.
  if (!(await repo.deleteBoard(await db(), id))) throw notFound("The storyboard");
}

// ——— Generating ———

type Planned = { shot: Shot; task: NewTask };

/** Why a started shot could not get its frame, in words for the person. */
function frameProblem(error: unknown): string {
  return error instanceof AppError ? error.message : "Its continuity frame could not be made from the previous shot";
}

/**
 * Generates shots of a board: `all`, the `missing` ones, or the listed ids, each as a task of
 * the normal queue (checked, charged and audited as any submission), in one transaction with
 * their links to the board. Shots that continue from one still rendering wait for it.
 */
export async function generateShots(id: string, { shots: which }: GenerateBody, actor: Actor): Promise<GenerateResult> {
  const view = await getBoardView(id);
  assertMayChange(actor, view.board);
  if (Array.isArray(which)) {
    const unknown = which.filter((shotId) => !view.board.shots.some((s) => s.id === shotId));
    if (unknown.length > 0)
      throw new AppError("invalid_request", `Invalid shots: this storyboard has no shot ${unknown[0]}`, {
        issues: [{ path: "shots", message: `No shot ${unknown[0]}` }],
      });
  }
  const waiting = new Set(view.waits.filter((w) => w.error === null).map((w) => w.shotId));
  const plans = generationPlan(view.board, new Map(Object.entries(view.takes)), which satisfies GenerateWhich, waiting);
  const result: GenerateResult = { started: [], waiting: [], skipped: [] };
  const planned: Planned[] = [];
  const waits: BoardWaitRow[] = [];
  const now = new Date();
  for (const plan of plans) {
    const shot = view.board.shots.find((s) => s.id === plan.shotId) as Shot;
    if (plan.action === "skip") {
      result.skipped.push({ shotId: plan.shotId, message: plan.message });
    } else if (plan.action === "wait") {
      waits.push({
        board_id: id,
        shot_id: plan.shotId,
        after_shot_id: plan.after,
        owner_id: actor.id,
        requested_at: now.toISOString(),
        error: null,
      });
    } else {
      try {
        const request = await requestFor(view, shot, plan);
        planned.push({
          shot,
          task: {
            id: randomUUID(),
            request,
            now: new Date(now.getTime() + planned.length).toISOString(),
            ownerId: actor.id,
          },
        });
      } catch (error) {
        if (error instanceof AppError && error.code === "not_archived") {
          waits.push({
            board_id: id,
            shot_id: plan.shotId,
            after_shot_id: plan.continueFrom?.shotId ?? "",
            owner_id: actor.id,
            requested_at: now.toISOString(),
            error: null,
          });
        } else result.skipped.push({ shotId: plan.shotId, message: frameProblem(error) });
      }
    }
  }
  if (planned.length === 0 && waits.length === 0) {
    const issues = result.skipped.map((s) => ({
      path: `shots.${view.board.shots.findIndex((shot) => shot.id === s.shotId)}`,
      message: s.message,
    }));
    throw new AppError("nothing_to_generate", result.skipped[0]?.message ?? "No shot needs generating", {
      issues,
      body: { skipped: result.skipped },
    });
  }
  await storePlanned(id, planned, waits, actor);
  result.started = planned.map((p) => ({ shotId: p.shot.id, taskId: p.task.id }));
  result.waiting = waits.map((w) => w.shot_id);
  const first = planned[0];
  if (first) await trySubmit(first.task.id);
  return result;
}

/** The checked request of a shot about to start: with the previous shot's last frame when it continues. */
async function requestFor(
  view: BoardView,
  shot: Shot,
  plan: Extract<ShotPlan, { action: "start" }>,
): Promise<GenerationRequest> {
  let frame: string | undefined;
  if (plan.continueFrom) {
    const previous = view.board.shots.find((s) => s.id === plan.continueFrom?.shotId) as Shot;
    const take = (view.takes[previous.id] ?? []).find((t) => t.id === plan.continueFrom?.take);
    const video = take?.videos[0];
    if (!take || !video) throw new AppError("previous_missing", "The previous shot's take is gone");
    if (!video.archived) throw new AppError("not_archived", "The previous shot's video is still being copied");
    frame = await continuityFrameUpload(video.id, continuityFrameTime(previous, lengthOf(take.request)));
  }
  const request = generationSchema.parse(shotRequest(view.board, shot, frame));
  await checkUploadRefs(request);
  return request;
}

/** The new tasks and their links (and any waits) in one transaction, charged to the owner's quota. */
async function storePlanned(
  boardId: string,
  planned: Planned[],
  waits: BoardWaitRow[],
  owner: Actor,
  claim?: { shotId: string },
): Promise<void> {
  const database = await db();
  const now = new Date().toISOString();
  const link = async (trx: typeof database) => {
    await repo.insertTakes(
      trx,
      planned.map((p) => ({ task_id: p.task.id, board_id: boardId, shot_id: p.shot.id, created_at: p.task.now })),
    );
    // A shot that starts now is not waiting any more (nor still showing why an earlier wait ended).
    for (const p of planned) await repo.deleteWait(trx, boardId, p.shot.id);
    await repo.insertWaits(trx, waits);
    await repo.touchBoard(trx, boardId, now);
  };
  const charge = chargeWithinQuota(
    owner,
    planned.map((p) => p.task),
  );
  const before = async (trx: typeof database) => {
    // Exactly one caller turns a wait into a take, even with two instances looking at once.
    if (claim && !(await repo.deleteWait(trx, boardId, claim.shotId))) throw new WaitTaken();
    await charge?.(trx);
  };
  if (planned.length > 0)
    await insertTasks(
      database,
      planned.map((p) => p.task),
      { before, after: link },
    );
  else await database.transaction().execute(link);
}

class WaitTaken extends Error {}

/**
 * The worker's round over waiting shots: a shot whose previous shot now has a finished, archived
 * take starts; one whose previous shot failed or was left without a take stops waiting, with the
 * reason kept for the page. Returns how many shots started.
 */
export async function advanceWaits(): Promise<number> {
  const database = await db();
  const waits = (await repo.allWaits(database)).filter((w) => w.error === null);
  let started = 0;
  for (const wait of waits) {
    try {
      if (await advanceWait(wait)) started++;
    } catch (error) {
      if (error instanceof WaitTaken) continue;
      const message = error instanceof AppError ? error.message : "The shot could not be started";
      log.warn("a waiting storyboard shot could not start", {
        boardId: wait.board_id,
        shotId: wait.shot_id,
        error: error instanceof Error ? error.message : String(error),
      });
      await repo.insertWaits(database, [{ ...wait, error: message }]);
    }
  }
  return started;
}

async function advanceWait(wait: BoardWaitRow): Promise<boolean> {
  const database = await db();
  // A board deleted since the round began took its waits with it.
  const view = await getBoardView(wait.board_id).catch((error: unknown) => {
    if (error instanceof AppError && error.status === 404) return undefined;
    throw error;
  });
  if (!view) return false;
  const shot = view.board.shots.find((s) => s.id === wait.shot_id);
  if (!shot) {
    await repo.deleteWait(database, wait.board_id, wait.shot_id);
    return false;
  }
  // The owner as they are now: a disabled or removed account's waits end.
  const user = wait.owner_id ? await findUserById(database, wait.owner_id) : undefined;
  if (wait.owner_id && (!user || user.disabled_at !== null))
    throw new AppError("forbidden", "The account that asked for this shot can no longer generate");
  const owner: Actor = user ? toActor(user) : { id: null, email: null, name: "", role: "admin" };
  // Other shots still waiting count as coming; this one does not (it is the one deciding).
  const others = new Set(view.waits.filter((w) => w.error === null && w.shotId !== shot.id).map((w) => w.shotId));
  const [plan] = generationPlan(view.board, new Map(Object.entries(view.takes)), [shot.id], others);
  if (!plan || plan.action === "wait") return false;
  if (plan.action === "skip") throw new AppError(plan.reason, plan.message);
  let request: GenerationRequest;
  try {
    request = await requestFor(view, shot, plan);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_archived") return false;
    throw error;
  }
  const task: NewTask = { id: randomUUID(), request, now: new Date().toISOString(), ownerId: owner.id };
  await storePlanned(wait.board_id, [{ shot, task }], [], owner, { shotId: shot.id });
  log.info("a waiting storyboard shot started", { boardId: wait.board_id, shotId: shot.id, taskId: task.id });
  return true;
}

/** Forgets a wait that ended with an error (the page's "dismiss"), or any wait of a shot. */
export async function clearWait(boardId: string, shotId: string, actor: Actor): Promise<void> {
  assertMayChange(actor, toBoard(await boardRow(boardId)));
  await repo.deleteWait(await db(), boardId, shotId);
}
