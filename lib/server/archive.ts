import "server-only";

// Placeholder until the archive lands: nothing is archived yet, so there is nothing to delete.
export async function deleteArchive(keys: string[]): Promise<void> {
  void keys;
}
