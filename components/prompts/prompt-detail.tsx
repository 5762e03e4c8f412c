"use client";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { useFormatter, useTranslations } from "use-intl";
import { composeFrom } from "@/components/composer/compose-bridge";
import { useErrorText, useIssueText } from "@/components/i18n/use-error-text";
import { Button } from "@/components/ui/button";
import { ConfirmBar } from "@/components/ui/confirm-bar";
import { cx } from "@/components/ui/cx";
import { FieldError, inputClass } from "@/components/ui/field";
import { ApiError } from "@/lib/query/api";
import { useAddVersion, useDeletePrompt, useEditPrompt, usePrompt } from "@/lib/query/prompts";
import {
  PROMPT_NAME_MAX_CHARS,
  PROMPT_NOTE_MAX_CHARS,
  type LibraryPromptDetail,
  type PromptVersion,
} from "@/lib/schemas/prompt";
import { PROMPT_MAX_CHARS } from "@/lib/schemas/rules";
import { VersionDiff } from "./version-diff";

/** One library prompt: its name and tags (editable), its versions (start from any), a new version, the diff, delete. */
export function PromptDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const t = useTranslations("prompts.detail");
  const tCommon = useTranslations("common");
  const errorText = useErrorText();
  const query = usePrompt(id);
  const [deletedName, setDeletedName] = useState<string | null>(null);

  const back = (
    <Button variant="ghost" className="px-2 py-1 text-xs lg:hidden" onClick={onClose}>
      {t("back")}
    </Button>
  );
  if (deletedName !== null) {
    return (
      <section className="space-y-2">
        <p role="status" className="text-sm text-zinc-700 dark:text-zinc-300">
          {t("deleted", { name: deletedName })}
        </p>
        {back}
      </section>
    );
  }
  if (query.isPending)
    return (
      <div
        role="status"
        aria-busy="true"
        aria-label={tCommon("loading")}
        className="shimmer relative h-64 rounded-xl bg-zinc-100 dark:bg-zinc-800/60"
      />
    );
  if (query.isError) {
    const gone = query.error instanceof ApiError && query.error.status === 404;
    return (
      <div
        role="alert"
        className="space-y-2 rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200"
      >
        <p className="font-semibold">{gone ? t("notFound") : t("loadFailed")}</p>
        {!gone && <p>{errorText(query.error)}</p>}
        <div className="flex gap-2">
          {!gone && (
            <Button variant="secondary" onClick={() => void query.refetch()}>
              {tCommon("tryAgain")}
            </Button>
          )}
          <Button variant="ghost" onClick={onClose}>
            {t("back")}
          </Button>
        </div>
      </div>
    );
  }
  const prompt = query.data.prompt;
  return (
    <section
      aria-labelledby="prompt-detail-name"
      data-testid="prompt-detail"
      className="space-y-5 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-5 dark:border-zinc-800 dark:bg-zinc-900"
    >
      {back}
      <NameAndTags prompt={prompt} onDeleted={(name) => setDeletedName(name)} />
      <Versions prompt={prompt} />
      <NewVersion prompt={prompt} />
      <VersionDiff key={prompt.versions.length} versions={prompt.versions} />
    </section>
  );
}

function NameAndTags({ prompt, onDeleted }: { prompt: LibraryPromptDetail; onDeleted: (name: string) => void }) {
  const t = useTranslations("prompts.detail");
  const format = useFormatter();
  const errorText = useErrorText();
  const issueText = useIssueText();
  const id = useId();
  const edit = useEditPrompt();
  const remove = useDeletePrompt();
  const [editing, setEditing] = useState<"name" | "tags" | null>(null);
  const [name, setName] = useState(prompt.name);
  const [tags, setTags] = useState(prompt.tags.join(", "));
  const [confirming, setConfirming] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: another prompt shown closes the open editor and confirmation
  useEffect(() => {
    setEditing(null);
    setConfirming(false);
  }, [prompt.id]);
  const issue =
    issueText(edit.error, (path) => path === (editing === "tags" ? "tags" : "name") || path.startsWith("tags.")) ??
    (edit.error ? errorText(edit.error) : undefined);

  const save = () => {
    const body =
      editing === "name"
        ? { name }
        : {
            tags: tags
              .split(",")
              .map((tag) => tag.trim())
              .filter((tag) => tag !== ""),
          };
    edit.mutate({ id: prompt.id, body }, { onSuccess: () => setEditing(null) });
  };
  const start = (what: "name" | "tags") => {
    edit.reset();
    setName(prompt.name);
    setTags(prompt.tags.join(", "));
    setEditing(what);
  };
  const keys = (e: React.KeyboardEvent) => {
    if (e.key === "Enter") {
      e.preventDefault();
      save();
    } else if (e.key === "Escape") setEditing(null);
  };
  // The name and the tags are edited alike: the same keys, the server's word, Save and Cancel.
  const editorProps = {
    onKeyDown: keys,
    issue,
    onSave: save,
    saving: edit.isPending,
    onCancel: () => setEditing(null),
  };

  return (
    <div className="space-y-2">
      {editing === "name" ? (
        <InlineField
          id={`${id}-name`}
          label={t("nameLabel")}
          value={name}
          maxLength={PROMPT_NAME_MAX_CHARS}
          onChange={setName}
          {...editorProps}
        />
      ) : (
        <div className="flex flex-wrap items-start justify-between gap-2">
          <h3 id="prompt-detail-name" className="min-w-0 break-words text-lg font-semibold">
            {prompt.name}
          </h3>
          <span className="flex gap-1">
            <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => start("name")}>
              {t("rename")}
            </Button>
            <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setConfirming(true)}>
              {t("delete")}
            </Button>
          </span>
        </div>
      )}
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        {t("created", {
          date: format.dateTime(new Date(prompt.createdAt), { dateStyle: "medium", timeStyle: "short" }),
        })}
      </p>
      {confirming && (
        <ConfirmBar
          label={t("delete")}
          message={t("deleteConfirm", { name: prompt.name })}
          keepLabel={t("keep")}
          confirmLabel={remove.isPending ? t("deleting") : t("delete")}
          busy={remove.isPending}
          error={remove.error}
          onKeep={() => setConfirming(false)}
          onConfirm={() => remove.mutate(prompt.id, { onSuccess: () => onDeleted(prompt.name) })}
          className="text-sm"
          messageClassName="basis-full text-zinc-800 sm:basis-auto dark:text-zinc-200"
        />
      )}
      {editing === "tags" ? (
        <InlineField id={`${id}-tags`} label={t("tagsLabel")} value={tags} onChange={setTags} {...editorProps} />
      ) : (
        <div className="flex flex-wrap items-center gap-1.5 text-xs">
          {prompt.tags.length === 0 ? (
            <span className="text-zinc-500 dark:text-zinc-400">{t("noTags")}</span>
          ) : (
            prompt.tags.map((tag) => (
              <span
                key={tag}
                className="rounded-full bg-zinc-100 px-2 py-0.5 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
              >
                {tag}
              </span>
            ))
          )}
          <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={() => start("tags")}>
            {t("editTags")}
          </Button>
        </div>
      )}
    </div>
  );
}

function Versions({ prompt }: { prompt: LibraryPromptDetail }) {
  const t = useTranslations("prompts.detail");
  const format = useFormatter();
  const router = useRouter();
  const latest = prompt.versions[prompt.versions.length - 1]?.number;
  const startFrom = (version: PromptVersion) => {
    composeFrom({ prompt: version.text, ...(version.settings ?? {}) });
    router.push("/");
  };
  return (
    <section aria-labelledby="prompt-versions-title" className="space-y-2">
      <h3 id="prompt-versions-title" className="text-sm font-semibold">
        {t("versionsTitle")}
      </h3>
      <ol className="space-y-2">
        {[...prompt.versions].reverse().map((version) => (
          <li
            key={version.id}
            data-testid="prompt-version"
            data-number={version.number}
            className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <p className="text-sm font-medium">
                {t("version", { number: version.number })}
                {version.number === latest && (
                  <span className="ml-2 rounded-full bg-violet-100 px-1.5 py-0.5 text-xs text-violet-900 dark:bg-violet-900/40 dark:text-violet-100">
                    {t("latest")}
                  </span>
                )}
              </p>
              <time dateTime={version.createdAt} className="text-xs text-zinc-500 dark:text-zinc-400">
                {format.dateTime(new Date(version.createdAt), { dateStyle: "medium", timeStyle: "short" })}
              </time>
            </div>
            <p className="mt-1 whitespace-pre-wrap break-words text-sm text-zinc-800 dark:text-zinc-200">
              {version.text}
            </p>
            <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
              {version.note || t("noNote")} ·{" "}
              {version.settings
                ? `${version.settings.model} · ${version.settings.size} · ${version.settings.duration} s · ${version.settings.orientation}`
                : t("noSettings")}
            </p>
            <Button
              variant="secondary"
              className="mt-2 px-2.5 py-1 text-xs"
              aria-label={t("startLabel", { number: version.number })}
              onClick={() => startFrom(version)}
            >
              {t("start")}
            </Button>
          </li>
        ))}
      </ol>
    </section>
  );
}

function NewVersion({ prompt }: { prompt: LibraryPromptDetail }) {
  const t = useTranslations("prompts.detail");
  const errorText = useErrorText();
  const issueText = useIssueText();
  const id = useId();
  const add = useAddVersion();
  const latest = prompt.versions[prompt.versions.length - 1];
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(latest?.text ?? "");
  const [note, setNote] = useState("");
  const [saved, setSaved] = useState<number | null>(null);
  const textIssue = issueText(add.error, "text");
  const noteIssue = issueText(add.error, "note");
  const other = add.error && !textIssue && !noteIssue ? errorText(add.error) : undefined;

  if (!open) {
    return (
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="secondary"
          onClick={() => {
            add.reset();
            setText(latest?.text ?? "");
            setNote("");
            setSaved(null);
            setOpen(true);
          }}
        >
          {t("newVersion")}
        </Button>
        {saved !== null && (
          <span role="status" className="text-sm text-emerald-700 dark:text-emerald-300">
            {t("versionSaved", { number: saved })}
          </span>
        )}
      </div>
    );
  }
  return (
    <form
      noValidate
      aria-label={t("newVersion")}
      className="space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
      onSubmit={(e) => {
        e.preventDefault();
        // The latest version's settings carry over: a new text is a new version of the same shot.
        add.mutate(
          { id: prompt.id, body: { text, note, settings: latest?.settings ?? null } },
          {
            onSuccess: ({ version }) => {
              setSaved(version.number);
              setOpen(false);
            },
          },
        );
      }}
    >
      <label htmlFor={`${id}-text`} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {t("textLabel")}
      </label>
      <textarea
        id={`${id}-text`}
        rows={4}
        className={cx(inputClass, "resize-y")}
        value={text}
        maxLength={PROMPT_MAX_CHARS}
        autoFocus
        onChange={(e) => setText(e.target.value)}
        aria-invalid={textIssue ? true : undefined}
        aria-describedby={textIssue ? `${id}-text-error` : undefined}
      />
      <FieldError id={`${id}-text-error`} message={textIssue} />
      <label htmlFor={`${id}-note`} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {t("noteLabel")}
      </label>
      <input
        id={`${id}-note`}
        className={inputClass}
        value={note}
        maxLength={PROMPT_NOTE_MAX_CHARS}
        onChange={(e) => setNote(e.target.value)}
        aria-invalid={noteIssue ? true : undefined}
        aria-describedby={noteIssue ? `${id}-note-error` : undefined}
      />
      <FieldError id={`${id}-note-error`} message={noteIssue} />
      {other && (
        <p role="alert" className="text-xs font-medium text-red-700 dark:text-red-300">
          {other}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" disabled={add.isPending}>
          {add.isPending ? t("saving") : t("saveVersion")}
        </Button>
        <Button variant="ghost" onClick={() => setOpen(false)}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}

type InlineFieldProps = {
  id: string;
  label: string;
  value: string;
  maxLength?: number;
  onChange: (value: string) => void;
  onKeyDown: (event: React.KeyboardEvent<HTMLInputElement>) => void;
  issue: string | undefined;
  onSave: () => void;
  saving: boolean;
  onCancel: () => void;
};

/** One field edited in place (the name, the tags): its label, Save and Cancel, and the server's word on it. */
function InlineField({
  id,
  label,
  value,
  maxLength,
  onChange,
  onKeyDown,
  issue,
  onSave,
  saving,
  onCancel,
}: InlineFieldProps) {
  const t = useTranslations("prompts.detail");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id={id}
          className={cx(inputClass, "min-w-0 flex-1")}
          value={value}
          maxLength={maxLength}
          autoFocus
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          aria-invalid={issue ? true : undefined}
          aria-describedby={issue ? `${id}-error` : undefined}
        />
        <Button onClick={onSave} disabled={saving}>
          {t("save")}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          {t("cancel")}
        </Button>
      </div>
      <FieldError id={`${id}-error`} message={issue} />
    </div>
  );
}
