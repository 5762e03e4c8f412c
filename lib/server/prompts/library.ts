import "server-only";
import type { Kysely } from "kysely";
import {
  IMPORTED_SUFFIX,
  LIBRARY_FORMAT,
  LIBRARY_FORMAT_VERSION,
  PROMPT_NAME_MAX_CHARS,
  sameAsVersion,
  type CreatePrompt,
  type EditPrompt,
  type LibraryFile,
  type LibraryPrompt,
  type LibraryPromptDetail,
  type NewVersion,
  type PromptHistoryPage,
  type PromptVersion,
} from "@/lib/schemas/prompt";
import { normalizeTag } from "@/lib/schemas/rules";
import { matchesSearch } from "@/lib/schemas/search-text";
import { db } from "../db";
import * as repo from "../db/prompts-repo";
import { decodeCursor } from "../db/task-list";
import type { Database } from "../db/schema";
import { AppError, notFound } from "../platform/errors";

// The prompt history and the prompt library: errors with the field they concern, and the rules
// (unique names, append-only versions, all-or-nothing import). Bodies arrive checked by their
// route with the schemas of lib/schemas/prompt.ts. Each function takes an optional database
// handle so the integration tests run it on SQLite and Postgres.

type Db = Kysely<Database>;
const handle = async (on?: Db) => on ?? (await db());

const nameTaken = (name: string) =>
  new AppError("name_taken", `The library already has a prompt named "${name}"; choose another name.`, {
    issues: [{ path: "name", message: "This name is already in the library" }],
  });

export async function promptHistory(query: repo.HistoryQuery, on?: Db): Promise<PromptHistoryPage> {
  if (query.cursor !== undefined && !decodeCursor(query.cursor)) {
    throw new AppError("invalid_request", "Invalid cursor: use nextCursor from a previous page.", {
      issues: [{ path: "cursor", message: "Unreadable cursor" }],
    });
  }
  return repo.listHistory(await handle(on), query);
}

/**
 * Whether a library prompt matches a search: the gallery's rule (lib/schemas/search-text.ts)
 * over its name, its latest text and its tags.
 */
export function promptMatches(prompt: LibraryPrompt, q: string): boolean {
  return matchesSearch([prompt.name, prompt.latest.text, ...prompt.tags].join("\n"), q);
}

export async function listLibrary(filter: { q?: string; tag?: string }, on?: Db): Promise<LibraryPrompt[]> {
  const tag = filter.tag ? normalizeTag(filter.tag) : undefined;
  const q = filter.q?.trim();
  return (await repo.listPrompts(await handle(on))).filter(
    (p) => (!tag || p.tags.includes(tag)) && (!q || promptMatches(p, q)),
  );
}

export async function getPrompt(id: string, on?: Db): Promise<LibraryPromptDetail> {
  const prompt = await repo.findPrompt(await handle(on), id);
  if (!prompt) throw notFound("The prompt");
  return prompt;
}

export async function createPrompt(body: CreatePrompt, on?: Db): Promise<LibraryPromptDetail> {
  const database = await handle(on);
  const now = new Date().toISOString();
  const id = await repo.insertPrompt(database, {
    name: body.name,
    tags: body.tags ?? [],
    versions: [{ text: body.text, settings: body.settings ?? null, note: body.note ?? "", createdAt: now }],
    now,
  });
  if (id === "name_taken") throw nameTaken(body.name);
  return getPrompt(id, database);
}

export async function editPrompt(id: string, edit: EditPrompt, on?: Db): Promise<LibraryPromptDetail> {
  const database = await handle(on);
  const result = await repo.editPrompt(database, id, edit, new Date().toISOString());
  if (result === "not_found") throw notFound("The prompt");
  if (result === "name_taken") throw nameTaken(edit.name ?? "");
  return getPrompt(id, database);
}

/** Appends a version; one identical to the latest (same text and settings) is refused with 409. */
export async function addVersion(id: string, body: NewVersion, on?: Db): Promise<PromptVersion> {
  const database = await handle(on);
  const settings = body.settings ?? null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = await repo.appendVersion(
      database,
      id,
      { text: body.text, settings, note: body.note ?? "", createdAt: new Date().toISOString() },
      (latest) => sameAsVersion(latest, body.text, settings),
    );
    if (result === "not_found") throw notFound("The prompt");
    if (result === "same_as_latest") {
      throw new AppError(
        "same_as_latest",
        "This is the same text and settings as the latest version; change something to save a new version.",
        { issues: [{ path: "text", message: "Same as the latest version" }] },
      );
    }
    if (result !== "retry") return result;
  }
  throw new AppError("busy", "Another version was being saved at the same moment; try again.");
}

export async function deletePrompt(id: string, on?: Db): Promise<void> {
  if (!(await repo.deletePrompt(await handle(on), id))) throw notFound("The prompt");
}

export async function exportLibrary(on?: Db): Promise<LibraryFile> {
  return {
    format: LIBRARY_FORMAT,
    version: LIBRARY_FORMAT_VERSION,
    exportedAt: new Date().toISOString(),
    prompts: await repo.exportPrompts(await handle(on)),
  };
}

/**
 * Imports a library file, strictly validated by the route first (libraryFileSchema: any problem
 * → 400 naming its path, e.g. `prompts.3.versions.1.settings.model`), then written in one
 * transaction. A name the library already has is kept apart: the imported prompt gets
 * " (imported)" appended, so nothing of the library is ever overwritten or merged.
 */
export async function importLibrary(
  file: LibraryFile,
  on?: Db,
): Promise<{ imported: { id: string; name: string; renamedFrom?: string }[] }> {
  const imported = await repo.importPrompts(await handle(on), file.prompts, {
    now: new Date().toISOString(),
    suffix: IMPORTED_SUFFIX,
    maxName: PROMPT_NAME_MAX_CHARS,
  });
  return { imported };
}
