// Run one query through the site's own Pagefind client (pagefind.js) in Node
// and print every file it fetched, with its size, as JSON lines:
//   node bench_query.mjs <bundle dir> <query> <results shown>
// The client fetches the entry file, the WebAssembly, the language's meta
// file and the index chunks for the query; then, like the site's search box,
// this loads the data (one fragment each) of the first page of results.
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";

const [bundle, query, shown] = process.argv.slice(2);
const base = pathToFileURL(bundle.endsWith("/") ? bundle : bundle + "/");
const fetched = [];
globalThis.fetch = async (input) => {
  const path = fileURLToPath(new URL(String(input), base));
  const body = await readFile(path);
  fetched.push({ path, bytes: body.length });
  return new Response(body);
};
const pagefind = await import(new URL("pagefind.js", base).href);
await pagefind.options({ basePath: base.href, baseUrl: "/" });
// The site's search box merges the bundles listed in shards.json; so do we.
const shards = await fetch(new URL("shards.json", base)).then((r) => r.json(), () => []);
for (const shard of shards) await pagefind.mergeIndex(new URL(shard, base).href, { baseUrl: "/" });
const search = await pagefind.search(query);
await Promise.all(search.results.slice(0, Number(shown)).map((r) => r.data()));
console.log(JSON.stringify({ results: search.results.length, fetched }));
