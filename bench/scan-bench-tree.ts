/**
 * Generates the workspace-scan benchmark tree: source-like text in many files, with planted secrets of
 * every kind the engine detects and as many look-alikes that must not match. Deterministic per seed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createFakeSecrets, type PlantedSecret } from "@/lib/credentials/testing/fake-secrets";

export interface BenchTreeSpec {
  files: number;
  totalBytes: number;
  planted: number;
  lookAlikes: number;
  seed: number;
}

export interface BenchTree {
  root: string;
  files: number;
  bytes: number;
  plants: Array<PlantedSecret & { file: string }>;
  lookAlikeFiles: string[];
  /** A few files of every extension, for the secretlint sample. */
  allFiles: string[];
}

/** Lines that look like real code: identifiers in every case style, URLs without credentials, hashes, ids. */
const LINE_TEMPLATES = [
  (w: () => string) => `export function ${w()}${cap(w())}(${w()}: string, ${w()}_${w()}: number): Promise<${cap(w())}> {`,
  (w: () => string) => `  const ${w()}_${w()} = await this.${w()}.${w()}(${w()}, { ${w()}: true, ${w()}Id: ${w()}.id });`,
  (w: () => string) => `  if (!${w()} || ${w()}.length === 0) throw new Error("${w()} ${w()} is required for ${w()}");`,
  (w: () => string) => `  return ${w()}.map((${w()}) => ({ ...${w()}, ${w()}_at: new Date().toISOString() }));`,
  (w: () => string) => `// ${cap(w())} the ${w()} before ${w()}ing, because the ${w()} cache may hold a stale ${w()} token.`,
  (w: () => string) => `import { ${w()}, ${cap(w())}${cap(w())} } from "@/lib/${w()}/${w()}-${w()}";`,
  (w: () => string) => `const ${w().toUpperCase()}_${w().toUpperCase()} = process.env.${w().toUpperCase()}_${w().toUpperCase()} ?? "${w()}";`,
  (w: () => string) => `    url: "https://api.${w()}.example.com/v2/${w()}/${w()}?page=1&per_page=100",`,
  (w: () => string) => `def ${w()}_${w()}(self, ${w()}, ${w()}=None):  # noqa: ${cap(w())}`,
  (w: () => string) => `        self.${w()}_${w()} = ${w()}.get("${w()}_${w()}", {}).get("password_hash")`,
  (w: () => string) => `func (s *${cap(w())}Service) ${cap(w())}(ctx context.Context, id string) (*${cap(w())}, error) {`,
  (w: () => string) => `  "${w()}": { "version": "^1.${w().length}.0", "secret_ref": "vault:${w()}/${w()}" },`,
  () => `}`,
  () => ``,
];
const WORDS = "user account order invoice session cache queue worker build deploy render parse fetch store index route handler config token client server request response payload batch stream record entry node edge graph sweep agent volume backup project service domain custom limit offset cursor page result error retry timeout".split(" ");
function cap(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

export function generateBenchTree(root: string, spec: BenchTreeSpec): BenchTree {
  const fakes = createFakeSecrets(spec.seed);
  const rand = () => fakes.pick("0123456789abcdef", 8);
  let r = spec.seed;
  const next = () => {
    r = (Math.imul(r, 1103515245) + 12345) >>> 0;
    return r / 4294967296;
  };
  const word = () => WORDS[Math.floor(next() * WORDS.length)];
  // A pool of lines, sampled per file: cheap to generate, and files still differ.
  const pool: string[] = [];
  for (let i = 0; i < 20000; i++) {
    const line = LINE_TEMPLATES[Math.floor(next() * LINE_TEMPLATES.length)](word);
    pool.push(i % 97 === 0 ? `${line} // sha ${rand()}${rand()}${rand()}${rand()} id ${fakes.uuid()}` : line);
  }
  const avg = Math.floor(spec.totalBytes / spec.files);
  const extensions = [".ts", ".tsx", ".py", ".go", ".json", ".md", ".sh", ".yaml"];
  const plantKinds = Object.values(fakes.planted);
  const lookKinds = Object.values(fakes.lookAlikes);
  const plants: BenchTree["plants"] = [];
  const lookAlikeFiles: string[] = [];
  const allFiles: string[] = [];
  let bytes = 0;
  // Plants and look-alikes go into evenly spread, distinct files.
  const plantEvery = Math.floor(spec.files / spec.planted);
  const lookEvery = Math.floor(spec.files / spec.lookAlikes);
  for (let i = 0; i < spec.files; i++) {
    const dir = path.join(root, `pkg-${i % 40}`, `mod-${Math.floor(i / 40) % 25}`);
    const file = path.join(dir, `${word()}-${word()}-${i}${extensions[i % extensions.length]}`);
    const target = Math.floor(avg * (0.3 + 1.4 * next()));
    const parts: string[] = [];
    let size = 0;
    let start = Math.floor(next() * pool.length);
    while (size < target) {
      const line = pool[start++ % pool.length];
      parts.push(line);
      size += line.length + 1;
    }
    if (i % plantEvery === 0 && plants.length < spec.planted) {
      const plant = plantKinds[plants.length % plantKinds.length]();
      parts.splice(Math.floor(parts.length / 2), 0, plant.text.trimEnd());
      plants.push({ ...plant, file });
    } else if (i % lookEvery === 1 && lookAlikeFiles.length < spec.lookAlikes) {
      parts.splice(Math.floor(parts.length / 2), 0, lookKinds[lookAlikeFiles.length % lookKinds.length]().text.trimEnd());
      lookAlikeFiles.push(file);
    }
    const text = `${parts.join("\n")}\n`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
    allFiles.push(file);
  }
  return { root, files: spec.files, bytes, plants, lookAlikeFiles, allFiles };
}
