/**
 * Every detector over one text, de-duplicated: structured stores first, then context rules, our provider
 * patterns, and the maintained secretlint rules for what we do not know. Returns plain values: internal.
 */
import { detectConnectionStrings } from "@/lib/credentials/detectors/connection-string";
import { detectContextAssignments } from "@/lib/credentials/detectors/context-assignments";
import { detectTokenPatterns } from "@/lib/credentials/detectors/token-patterns";
import { findAnchorOffsets, mayContainSecret } from "@/lib/credentials/prefilter";
import { derivePurpose } from "@/lib/credentials/purpose";
import { detectWithSecretlint } from "@/lib/credentials/secretlint-rules";
import { detectInStore, storeKindOfPath } from "@/lib/credentials/stores";
import { createLineLocator, type LineLocator } from "@/lib/credentials/text-lines";
import type { Detection, DetectionSource } from "@/lib/credentials/types";

export interface DetectedSecret extends Detection {
  purpose?: string;
}

const RANK: Record<DetectionSource, number> = { store: 0, context: 1, pattern: 2, secretlint: 3, fallback: 4 };
/** The variable a value is assigned to, read backwards from the value: `NAME=`, `"name": "`, `name: `. */
const ASSIGNED_NAME = /([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*(?:=>?|:=|:(?=[\s"'`]))\s*["'`]?$/;

function fillPositions(text: string, lines: LineLocator, detections: Detection[]): void {
  for (const d of detections) {
    if (d.start === undefined) {
      const at = text.indexOf(d.value);
      if (at !== -1) d.start = at;
    }
    const from = d.contextStart ?? d.start;
    if (d.envVar === undefined && from !== undefined) {
      const lineStart = text.lastIndexOf("\n", from - 1) + 1;
      const name = from > lineStart ? ASSIGNED_NAME.exec(text.slice(lineStart, from))?.[1] : undefined;
      if (name) d.envVar = name;
    }
  }
}

function overlaps(a: Detection, b: Detection): boolean {
  if (a.start === undefined || b.start === undefined) return false;
  return a.start < b.start + b.value.length && b.start < a.start + a.value.length;
}

/** One detection per secret and line; the most specific source wins and lends the others' facts. */
function deduplicate(detections: Detection[]): Detection[] {
  const sorted = [...detections].sort((a, b) => RANK[a.source] - RANK[b.source]);
  const kept: Detection[] = [];
  for (const d of sorted) {
    const same = kept.find((k) => (k.value === d.value && k.line === d.line) || ((d.source === "secretlint" || d.source === "fallback") && overlaps(k, d)));
    if (same) {
      if (d.identity) same.identity = { ...d.identity, ...same.identity };
      same.envVar ??= d.envVar;
      continue;
    }
    kept.push({ ...d });
  }
  // A lone AWS key id is dropped when the same text pairs it with its secret.
  const pairedIds = new Set(kept.filter((d) => d.kind !== "access-key-id" && d.identity?.accessKeyId).map((d) => d.identity?.accessKeyId));
  return kept.filter((d) => !(d.provider === "aws" && pairedIds.has(d.value)));
}

/** Texts above this size are examined only around their anchors (measured: 107 of 372 MB of node_modules
 * sits in the 1% of files that mention one anchor somewhere; the full rules on them dominated the scan). */
const WINDOW_THRESHOLD = 64 * 1024;
/** Around an anchor: enough before for a variable name and an AWS key pair, after for a 4096-bit PEM key. */
const WINDOW_BEFORE = 2048;
const WINDOW_AFTER = 8192;

interface TextWindow {
  start: number;
  end: number;
}

function windowsOf(text: string): TextWindow[] {
  const whole = [{ start: 0, end: text.length }];
  if (text.length <= WINDOW_THRESHOLD) return whole;
  const offsets = findAnchorOffsets(text);
  if (!offsets || offsets.length === 0) return whole;
  const windows: TextWindow[] = [];
  for (const offset of offsets) {
    // Start at a line start when one is near, so assignments and comments above are whole.
    const start = Math.max(0, offset - WINDOW_BEFORE);
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    const from = start - lineStart <= 512 ? lineStart : start;
    const end = Math.min(text.length, offset + WINDOW_AFTER);
    const last = windows[windows.length - 1];
    if (last && from <= last.end) last.end = Math.max(last.end, end);
    else windows.push({ start: from, end });
  }
  return windows;
}

/** Detections made on a window carry window offsets and lines; make them offsets and lines of the whole text. */
function shiftDetections(detections: Detection[], offset: number, lineOffset: number): void {
  for (const d of detections) {
    d.line += lineOffset;
    if (d.start !== undefined) d.start += offset;
    if (d.contextStart !== undefined) d.contextStart += offset;
  }
}

export interface DetectOptions {
  /** Skip the prefilter (the caller already ran it on the bytes). */
  prefiltered?: boolean;
}

export async function detectSecretsInText(text: string, file: string, options: DetectOptions = {}): Promise<DetectedSecret[]> {
  const lines = createLineLocator(text);
  const storeKind = storeKindOfPath(file);
  const detections: Detection[] = [];
  const gated = options.prefiltered || mayContainSecret(text);
  if (storeKind || gated) detections.push(...detectInStore(storeKind, text, lines));
  if (gated) {
    for (const window of windowsOf(text)) {
      const part = window.start === 0 && window.end === text.length ? text : text.slice(window.start, window.end);
      const partLines = part === text ? lines : createLineLocator(part);
      const found = [
        ...detectTokenPatterns(part, partLines),
        ...detectConnectionStrings(part, partLines),
        ...detectContextAssignments(part, partLines),
        ...(await detectWithSecretlint(part, file, partLines)),
      ];
      if (part !== text) shiftDetections(found, window.start, lines.lineAt(window.start) - 1);
      detections.push(...found);
    }
  } else if (storeKind) {
    detections.push(...detectContextAssignments(text, lines));
  }
  fillPositions(text, lines, detections);
  const kept = deduplicate(detections);
  // Context words are copied into the result, so none may hold any value found in this text
  // (a comment "# password is hunter2" above the line, a secret used as a key name).
  const values = kept.map((d) => d.value).filter((v) => v.length >= 4);
  const holdsSecret = (words: string | undefined) => words !== undefined && values.some((v) => words.includes(v));
  return kept.map((d) => {
    const envVar = holdsSecret(d.envVar) ? undefined : d.envVar;
    const lineAbove = d.line > 1 ? lines.lineText(d.line - 1) : undefined;
    return {
      ...d,
      envVar,
      purpose: derivePurpose({ envVar, lineAbove: holdsSecret(lineAbove) ? undefined : lineAbove, file, hint: d.purposeHint }),
    };
  });
}
