"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useFormatter, useTranslations } from "use-intl";
import { useMayGenerate } from "@/components/account/current-account";
import { useErrorText } from "@/components/i18n/use-error-text";
import { AppLink } from "@/components/ui/app-link";
import { Button } from "@/components/ui/button";
import { FieldError, inputClass } from "@/components/ui/field";
import { LoadError } from "@/components/ui/load-error";
import { useBoardList, useCreateBoard } from "@/lib/query/boards";
import { BOARD_TITLE_MAX } from "@/lib/schemas/board";
import { BoardImport } from "./board-import";

/** The storyboards, most recently used first, and the form that starts a new one. */
export function BoardList() {
  const t = useTranslations("storyboard.list");
  const format = useFormatter();
  const errorText = useErrorText();
  const router = useRouter();
  const mayCreate = useMayGenerate();
  const list = useBoardList();
  const create = useCreateBoard();
  const [title, setTitle] = useState("");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(title.trim(), { onSuccess: (view) => router.push(`/storyboard/${view.board.id}`) });
  };

  return (
    <section aria-labelledby="boards-heading" className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id="boards-heading" className="text-lg font-semibold">
            {t("heading")}
          </h2>
          <p className="mt-1 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
        </div>
        {mayCreate && (
          <div className="flex flex-wrap items-end gap-3">
            <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
              <div className="space-y-1">
                <label htmlFor="new-board-title" className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
                  {t("newLabel")}
                </label>
                <input
                  id="new-board-title"
                  className={`${inputClass} w-64`}
                  value={title}
                  maxLength={BOARD_TITLE_MAX}
                  placeholder={t("newPlaceholder")}
                  onChange={(e) => setTitle(e.target.value)}
                  aria-describedby={create.error ? "new-board-error" : undefined}
                />
              </div>
              <Button type="submit" disabled={create.isPending}>
                {create.isPending ? t("creating") : t("create")}
              </Button>
            </form>
            <BoardImport />
          </div>
        )}
      </div>
      {create.error && <FieldError id="new-board-error" message={errorText(create.error)} />}

      {list.isPending ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400" role="status">
          {t("loading")}
        </p>
      ) : list.isError ? (
        <LoadError title={t("loadError")} error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.boards.length === 0 ? (
        <div className="rounded-xl border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700">
          <p className="font-medium">{t("emptyTitle")}</p>
          <p className="mx-auto mt-1 max-w-md text-sm text-zinc-600 dark:text-zinc-400">{t("emptyBody")}</p>
        </div>
      ) : (
        <ul className="grid grid-cols-[repeat(auto-fill,minmax(16rem,1fr))] gap-4">
          {list.data.boards.map((board) => (
            <li key={board.id}>
              <AppLink
                href={`/storyboard/${board.id}`}
                className="group block overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-sm transition hover:border-violet-400 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-violet-500 dark:border-zinc-800 dark:bg-zinc-900"
              >
                <div className="flex aspect-video items-center justify-center bg-zinc-100 dark:bg-zinc-800">
                  {board.posterUrl ? (
                    <img src={board.posterUrl} alt="" className="h-full w-full object-cover" />
                  ) : (
                    <span className="text-xs text-zinc-500 dark:text-zinc-400">{t("noPoster")}</span>
                  )}
                </div>
                <div className="space-y-0.5 p-3">
                  <p className="truncate font-medium group-hover:text-violet-700 dark:group-hover:text-violet-300">
                    {board.title}
                  </p>
                  <p className="text-xs text-zinc-600 dark:text-zinc-400">
                    {t("shots", { count: board.shots })} ·{" "}
                    {t("updated", {
                      when: format.dateTime(new Date(board.updatedAt), { dateStyle: "medium", timeStyle: "short" }),
                    })}
                  </p>
                </div>
              </AppLink>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
