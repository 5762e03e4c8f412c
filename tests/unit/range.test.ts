import { describe, expect, it } from "vitest";
import { parseRange } from "@/lib/shared/range";

const SIZE = 1000;

describe("parseRange", () => {
  it("is none without a header", () => {
    expect(parseRange(null, SIZE)).toEqual({ kind: "none" });
    expect(parseRange("", SIZE)).toEqual({ kind: "none" });
  });

  it("reads a closed range", () => {
    expect(parseRange("bytes=0-99", SIZE)).toEqual({ kind: "range", range: { start: 0, end: 99 } });
    expect(parseRange("bytes=500-500", SIZE)).toEqual({ kind: "range", range: { start: 500, end: 500 } });
  });

  it("reads an open-ended range up to the last byte", () => {
    expect(parseRange("bytes=100-", SIZE)).toEqual({ kind: "range", range: { start: 100, end: SIZE - 1 } });
  });

  it("reads a suffix range as the last N bytes", () => {
    expect(parseRange("bytes=-500", SIZE)).toEqual({ kind: "range", range: { start: 500, end: SIZE - 1 } });
  });

  it("clamps a suffix longer than the body to the whole body", () => {
    expect(parseRange("bytes=-5000", SIZE)).toEqual({ kind: "range", range: { start: 0, end: SIZE - 1 } });
  });

  it("clamps an end beyond the size", () => {
    expect(parseRange("bytes=900-5000", SIZE)).toEqual({ kind: "range", range: { start: 900, end: SIZE - 1 } });
  });

  it("is unsatisfiable when start >= size", () => {
    expect(parseRange(`bytes=${SIZE}-`, SIZE)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange(`bytes=${SIZE + 10}-${SIZE + 20}`, SIZE)).toEqual({ kind: "unsatisfiable" });
  });

  it("is unsatisfiable for a zero-length suffix", () => {
    expect(parseRange("bytes=-0", SIZE)).toEqual({ kind: "unsatisfiable" });
  });

  it("is unsatisfiable for any range of an empty body", () => {
    expect(parseRange("bytes=-10", 0)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
  });

  it("is unsatisfiable when end < start", () => {
    expect(parseRange("bytes=50-10", SIZE)).toEqual({ kind: "unsatisfiable" });
  });

  it.each(["bytes=", "bytes=-", "bytes=abc-def", "items=0-99", "bytes 0-99", "bytes=0-99x", "bytes=1.5-2"])(
    "is none for the malformed header %j",
    (header) => {
      expect(parseRange(header, SIZE)).toEqual({ kind: "none" });
    },
  );

  it("is none for a multi-range request (the whole body is served)", () => {
    expect(parseRange("bytes=0-1,5-6", SIZE)).toEqual({ kind: "none" });
  });
});
