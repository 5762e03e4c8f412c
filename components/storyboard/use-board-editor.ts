"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "@/lib/query/api";
import { boardKeys, boardsApi, useBoard } from "@/lib/query/boards";
import { useTaskEvents, type TaskChange } from "@/lib/query/events";
import { boardTaskChange } from "./take-changes";
import { boardDocSchema, type Board, type BoardDoc, type BoardView } from "@/lib/schemas/board";
import { toFieldIssues, type FieldIssue } from "@/lib/schemas/generation";

// The storyboard editor's state: the document as the person edits it, saved on its own a moment
// after each change (one save at a time, always of the latest document, from the version the
// studio last answered), and the takes kept live from the task feed. A save refused because
// someone else saved first is never retried blindly: the page says so and offers to reload.

/** Quiet time after the last edit before saving: typing a prompt is one save, not one per key. */
const SAVE_DELAY_MS = 700;
/** Task changes arriving together are one refetch. */
const REFRESH_DELAY_MS = 250;

export type SaveState = "saved" | "pending" | "saving" | "invalid" | "conflict" | "error";

const docOf = ({
  id: _id,
  version: _version,
  ownerId: _owner,
  createdAt: _c,
  updatedAt: _u,
  ...doc
}: Board): BoardDoc => doc;

export function useBoardEditor(id: string) {
  const client = useQueryClient();
  const query = useBoard(id);
  const [doc, setDoc] = useState<BoardDoc | undefined>();
  const [saveState, setSaveState] = useState<SaveState>("saved");
  const [saveError, setSaveError] = useState<Error | null>(null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const version = useRef(0);
  const latest = useRef<BoardDoc | undefined>(undefined);
  /** Edits not yet sent; bumped by each edit, so a save knows whether more came while it ran. */
  const revision = useRef(0);
  const saving = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Adopt the server's document when there is nothing of ours to lose: on first load, and when
  // someone else saved a newer version while we had no pending edit.
  const server = query.data?.board;
  useEffect(() => {
    if (!server) return;
    if (
      latest.current === undefined ||
      (server.version > version.current && revision.current === 0 && saveState === "saved")
    ) {
      version.current = server.version;
      latest.current = docOf(server);
      setDoc(latest.current);
    }
  }, [server, saveState]);

  const save = useCallback(async (): Promise<void> => {
    if (saving.current) await saving.current;
    const current = latest.current;
    if (!current || revision.current === 0) return;
    const parsed = boardDocSchema.safeParse(current);
    if (!parsed.success) {
      setIssues(toFieldIssues(parsed.error));
      setSaveState("invalid");
      return;
    }
    setIssues([]);
    const sentRevision = revision.current;
    setSaveState("saving");
    const run = (async () => {
      try {
        const view = await boardsApi.save(id, version.current, parsed.data);
        version.current = view.board.version;
        if (revision.current === sentRevision) revision.current = 0;
        client.setQueryData<BoardView>(boardKeys.detail(id), view);
        void client.invalidateQueries({ queryKey: boardKeys.list() });
        setSaveError(null);
        setSaveState(revision.current === 0 ? "saved" : "pending");
      } catch (error) {
        setSaveError(error as Error);
        setSaveState(error instanceof ApiError && error.code === "board_changed" ? "conflict" : "error");
        throw error;
      }
    })();
    saving.current = run.finally(() => (saving.current = null)).catch(() => undefined);
    await run;
    // Edits made while that save was in flight go out next.
    if (revision.current !== 0) await save();
  }, [client, id]);

  const edit = useCallback(
    (change: (doc: BoardDoc) => BoardDoc) => {
      const current = latest.current;
      if (!current) return;
      const next = change(current);
      if (next === current) return;
      latest.current = next;
      revision.current++;
      setDoc(next);
      setSaveState((state) => (state === "conflict" ? state : "pending"));
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save().catch(() => undefined), SAVE_DELAY_MS);
    },
    [save],
  );

  /** The document as edited so far, this instant (async work adds to it, not to a stale copy). */
  const current = useCallback(() => latest.current, []);

  /** Saves now (before generating or exporting: the studio must see what the person sees). */
  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    await save();
    if (revision.current !== 0) throw new Error("The storyboard could not be saved; fix the marked fields first.");
  }, [save]);

  /** Drops our unsaved edits and takes the stored board (after a conflict). */
  const reload = useCallback(async () => {
    clearTimeout(timer.current);
    revision.current = 0;
    const view = await client.fetchQuery({ queryKey: boardKeys.detail(id), queryFn: () => boardsApi.get(id) });
    version.current = view.board.version;
    latest.current = docOf(view.board);
    setDoc(latest.current);
    setSaveError(null);
    setSaveState("saved");
  }, [client, id]);

  // Unsaved edits when the tab closes: the browser asks before leaving.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (revision.current !== 0) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);

  // Takes live (see boardTaskChange); changes arriving together are one refetch.
  const refresh = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onChange = useCallback(
    (change: TaskChange) => {
      const outcome = boardTaskChange(client.getQueryData<BoardView>(boardKeys.detail(id)), change);
      if (outcome.kind === "update") client.setQueryData<BoardView>(boardKeys.detail(id), outcome.view);
      if (outcome.kind !== "refetch") return;
      clearTimeout(refresh.current);
      refresh.current = setTimeout(
        () => void client.invalidateQueries({ queryKey: boardKeys.detail(id) }),
        REFRESH_DELAY_MS,
      );
    },
    [client, id],
  );
  const live = useTaskEvents(onChange);

  return { query, view: query.data, doc, current, edit, flush, reload, saveState, saveError, issues, live };
}
