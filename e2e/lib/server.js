// A tiny static file server on loopback, as a static host such as GitHub Pages
// serves a built handbook: the folder under `base` ("/" or "/okrs/"), a
// folder's index.html, and 404.html with status 404 for anything missing.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** Serves `dir` at `base`; resolves to { origin, url, close() }. */
export function serve(dir, base = "/") {
  const root = path.resolve(dir);
  const notFound = path.join(root, "404.html");

  function send(res, status, file, method) {
    const body = fs.readFileSync(file);
    res.writeHead(status, {
      "content-type": TYPES[path.extname(file)] || "application/octet-stream",
      "content-length": body.length,
      "cache-control": "no-store",
    });
    res.end(method === "HEAD" ? undefined : body);
  }

  function missing(res, method) {
    if (fs.existsSync(notFound)) {
      send(res, 404, notFound, method);
    } else {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  }

  const server = http.createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (pathname + "/" === base) {
      res.writeHead(301, { location: base }).end();
      return;
    }
    if (!pathname.startsWith(base)) {
      // Outside the site: another site's business on a real host.
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found (outside the site)");
      return;
    }
    let file = path.join(root, pathname.slice(base.length));
    if (file !== root && !file.startsWith(root + path.sep)) {
      missing(res, req.method);
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!pathname.endsWith("/")) {
        res.writeHead(301, { location: pathname + "/" }).end();
        return;
      }
      file = path.join(file, "index.html");
    }
    if (fs.existsSync(file) && fs.statSync(file).isFile()) {
      send(res, 200, file, req.method);
    } else {
      missing(res, req.method);
    }
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      resolve({
        origin,
        url: origin + base,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
