"use client";
import dynamic from "next/dynamic";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { useMayChange } from "@/components/account/current-account";

// The confirmation (and the delete call's error) loads on the first click, not with the gallery.
const DeleteConfirm = dynamic(() => import("./delete-confirm").then((m) => m.DeleteConfirm), { ssr: false });

/** "Delete" with an inline confirmation (no browser dialog), and the reason when it cannot. */
export function DeleteTask({
  taskId,
  ownerId,
  unfinished,
}: {
  taskId: string;
  ownerId: string | null;
  unfinished: boolean;
}) {
  const t = useTranslations("gallery.delete");
  const [asking, setAsking] = useState(false);
  // Only its owner or an admin may delete a task (the server says the same).
  if (!useMayChange(ownerId)) return null;
  if (!asking) {
    return (
      <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setAsking(true)}>
        {t("delete")}
      </Button>
    );
  }
  return <DeleteConfirm taskId={taskId} unfinished={unfinished} onKeep={() => setAsking(false)} />;
}
