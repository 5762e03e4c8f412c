/** react-query keys, in one place so the SSE bridge and the hooks agree. */
export const taskKeys = {
  all: ["tasks"] as const,
  list: () => [...taskKeys.all, "list"] as const,
};
