// Read a feed the way Podcast Index apps do, with podcast-partytime, and print what it found.
//
//   node parse.mjs FEED.xml
//
// Prints {"feed": <partytime's FeedObject>, "warnings": [...]} as JSON on stdout: `feed` is
// parseFeed's result (dates as ISO strings), `warnings` what partytime logged at warn level or
// above while reading it (an item skipped, a tag that threw). Exits 1 with a message on stderr
// when the file cannot be read or partytime cannot parse it. Used by tests/helpers/partytime.py.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

function fail(message) {
  process.stderr.write(`partytime: ${message}\n`);
  process.exit(1);
}

const [path] = process.argv.slice(2);
if (!path) {
  fail("usage: node parse.mjs FEED.xml");
}

// partytime logs through pino to stdout, which must carry only the JSON: silence its own
// logger and collect what it warns about instead (its modules read `logger` at each call).
process.env.PARTYTIME_LOG = "silent";
const warnings = [];
const collect =
  (level) =>
  (first, second) => {
    const detail = typeof first === "string" ? first : second;
    const cause = first instanceof Error ? `: ${first.message}` : "";
    const text = `${level}: ${detail ?? JSON.stringify(first)}${cause}`;
    // partytime logs an unparsable feed whole: keep the start, enough to recognise it.
    warnings.push(text.length > 300 ? `${text.slice(0, 300)}…` : text);
  };
const ignore = () => {};
require("podcast-partytime/dist/logger").logger = {
  fatal: collect("fatal"),
  error: collect("error"),
  warn: collect("warn"),
  info: ignore,
  debug: ignore,
  trace: ignore,
};
const { parseFeed } = require("podcast-partytime");

let xml;
try {
  xml = readFileSync(path, "utf8");
} catch (error) {
  fail(`cannot read ${path}: ${error.message}`);
}
const feed = parseFeed(xml);
if (!feed) {
  fail(`could not parse ${path} as a feed${warnings.length ? ` (${warnings.join("; ")})` : ""}`);
}
process.stdout.write(`${JSON.stringify({ feed, warnings }, null, 2)}\n`);
