"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "@/components/i18n/use-error-text";
import { Button } from "@/components/ui/button";
import { AppLink } from "@/components/ui/app-link";
import { HiddenFileInput } from "@/components/ui/hidden-file-input";
import { boardKeys, boardsApi } from "@/lib/query/boards";

/**
 * Opens a shared storyboard file as a new board. With nothing left out it goes straight to the
 * board; otherwise it says what was left out first, with a link to the board.
 */
export function BoardImport() {
  const t = useTranslations("storyboard.list");
  const errorText = useErrorText();
  const router = useRouter();
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const run = useMutation({
    mutationFn: boardsApi.importFile,
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: boardKeys.list() });
      client.setQueryData(boardKeys.detail(result.board.id), {
        board: result.board,
        takes: result.takes,
        waits: result.waits,
      });
      if (result.notes.length === 0) router.push(`/storyboard/${result.board.id}`);
    },
  });
  return (
    <div className="space-y-1">
      <HiddenFileInput
        ref={input}
        accept="application/json,.json"
        aria-hidden="true"
        data-testid="board-import-file"
        onFiles={([file]) => {
          if (file) run.mutate(file);
        }}
      />
      <Button variant="secondary" disabled={run.isPending} onClick={() => input.current?.click()}>
        {t("import")}
      </Button>
      {run.error && (
        <p role="alert" className="max-w-xs text-xs font-medium text-red-600 dark:text-red-400">
          {errorText(run.error)}
        </p>
      )}
      {run.data && run.data.notes.length > 0 && (
        <div role="status" className="max-w-xs text-xs text-amber-800 dark:text-amber-200">
          {run.data.notes.map((note) => (
            <p key={note}>{note}</p>
          ))}
          <AppLink href={`/storyboard/${run.data.board.id}`} className="font-medium underline">
            {run.data.board.title}
          </AppLink>
        </div>
      )}
    </div>
  );
}
