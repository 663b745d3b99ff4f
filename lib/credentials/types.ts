/**
 * What the credential engine hands to collectors and the catalogue. Nothing here ever holds a secret value:
 * only its keyed fingerprint and a redacted preview.
 */
import type { CollectorWarning } from "@/lib/graph/types";

export interface CredentialLocation {
  file: string;
  line: number;
  envVar?: string;
}

export interface FoundCredential {
  /** HMAC-SHA-256 hex (fingerprintSecret). */
  fingerprint: string;
  provider: string;
  kind: string;
  /** redactPreview(value). */
  preview: string;
  /** Every file + line where the same value was found. */
  locations: CredentialLocation[];
  /** NON-secret join facts (host/port/database/user, accessKeyId, server/user, serviceAccount/namespace, …). */
  identity?: Record<string, string | number>;
  /** Evident purpose from context (variable name, file name, comment), e.g. "custom domains". */
  purpose?: string;
}

export interface ScanTreeOptions {
  fingerprintKey: Buffer;
  /** Directory names never entered. Default ["node_modules", ".git"]. */
  skipDirs?: string[];
  /** Files larger than this become a warning. Default 5 MB. */
  maxFileBytes?: number;
  signal?: AbortSignal;
  onProgress?: (p: { phase: string; done?: number; total?: number }) => void;
  /** Worker threads to scan with; default: one per core (at most 4). 0 scans in this thread. */
  workers?: number;
}

export interface ScanTreeResult {
  /** Merged by fingerprint. */
  credentials: FoundCredential[];
  filesScanned: number;
  bytesScanned: number;
  warnings: CollectorWarning[];
}

/**
 * One sighting of a secret inside one text, before fingerprinting. Internal to the engine: it holds the
 * plain value and must never leave the scan.
 */
export interface Detection {
  value: string;
  provider: string;
  kind: string;
  /** 1-based line of the value in the scanned text. */
  line: number;
  /** Offset of the value in the text when known (lets maintained rules and ours be de-duplicated). */
  start?: number;
  /** Where the expression holding the value starts (a URL around a password), to find the name it is assigned to. */
  contextStart?: number;
  envVar?: string;
  identity?: Record<string, string | number>;
  /**
   * What to fingerprint when the value alone does not name the credential (a connection-string password
   * is only meaningful together with its user and server).
   */
  fingerprintInput?: string;
  /** How the detection was made; a more specific source wins when two report the same value. */
  source: DetectionSource;
  /** A purpose a parser knew better than the generic rules (e.g. a profile name). */
  purposeHint?: string;
}

export type DetectionSource = "store" | "context" | "pattern" | "secretlint" | "fallback";
