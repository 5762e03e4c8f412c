"use client";
import { useTranslations } from "use-intl";
import { Button } from "./button";

type PagedQuery = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };

/** The "load more" button under a paged list, while there is a next page. */
export function LoadMore({ query, label }: { query: PagedQuery; label: string }) {
  const tCommon = useTranslations("common");
  if (!query.hasNextPage) return null;
  return (
    <div className="flex justify-center">
      <Button variant="secondary" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
        {query.isFetchingNextPage ? tCommon("loading") : label}
      </Button>
    </div>
  );
}
