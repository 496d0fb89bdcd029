import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "~/services/markdown.server";

describe("Markdown", () => {
  it("renders the usual formatting", () => {
    const html = renderMarkdown("# Why\n\nSome **bold** and a [link](https://www.nhs.uk).\n\n- one\n- two");
    expect(html).toContain("<h2>Why</h2>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain('<a href="https://www.nhs.uk/" rel="nofollow noopener noreferrer">link</a>');
    expect(html).toContain("<li>one</li>");
  });

  it("shows raw HTML as text and drops script, handlers and javascript: links", () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n[click](javascript:alert(1)) [data](data:text/html,hi) ![pic](https://evil.example/x.png)',
    );
    expect(html).not.toMatch(/<script|<img|<[^>]*\son\w+=|href="javascript:|href="data:/i);
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("click");
  });

  it("never lets a tag or an event handler through, whatever is written", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.constantFrom("<script>", "<a onclick=x>", "<iframe src=x>", "<svg onload=x>"),
        (text, tag) => {
          const html = renderMarkdown(`${text}${tag}${text}`);
          expect(html).not.toMatch(/<(script|iframe|svg)\b/i);
          expect(html).not.toMatch(/<a [^>]*onclick/i);
        },
      ),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Whatever anyone writes, the HTML has only the tags Markdown makes, no event handler attributes,
// and links only to http(s) and mailto, however the scheme is disguised.

// The tags the renderer makes from Markdown (GFM tables, task lists and strikethrough included).
const ALLOWED_TAGS = new Set([
  "p",
  "a",
  "strong",
  "em",
  "del",
  "code",
  "pre",
  "blockquote",
  "ul",
  "ol",
  "li",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "br",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "input",
]);
const ALLOWED_ATTRIBUTES = new Set(["href", "rel", "align", "start", "class", "type", "checked", "disabled"]);

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", colon: ":", tab: "\t" };
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z0-9#]+);?/gi, (whole, name: string) => {
    if (/^#x/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (/^#\d+$/.test(name) && name !== "#39") return String.fromCodePoint(Number(name.slice(1)));
    return entities[name.toLowerCase()] ?? whole;
  });
}

interface Tag {
  name: string;
  attributes: [string, string][];
}

/** Every opening tag in the HTML, read as a browser would read the renderer's quoted attributes. */
function tagsOf(html: string): Tag[] {
  const tags: Tag[] = [];
  for (const match of html.matchAll(/<([a-zA-Z][^\s/>]*)([^>]*)>/g)) {
    const attributes: [string, string][] = [];
    for (const attribute of match[2]!.matchAll(/([^\s"'=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      attributes.push([attribute[1]!.toLowerCase(), attribute[2] ?? attribute[3] ?? attribute[4] ?? ""]);
    }
    tags.push({ name: match[1]!.toLowerCase(), attributes });
  }
  return tags;
}

/** The scheme a browser would follow: entities decoded, and whitespace and controls dropped. */
function schemeOf(url: string): string {
  const plain = decodeEntities(url)
    .replace(/[\u0000-\u0020\u007f-\u009f]/g, "")
    .toLowerCase();
  return /^([a-z][a-z0-9+.-]*):/.exec(plain)?.[1] ?? "";
}

const schemes = ["javascript", "JaVaScRiPt", "jav&#x61;script", "jav&#97;script", "java\tscript", "java&Tab;script"];
const disguisedSchemes = [
  ...schemes,
  " javascript",
  "\u0000javascript",
  "javascript&colon;",
  "vbscript",
  "VBScript",
  "data",
  "DATA",
  "livescript",
  "file",
];
const hostileMarkdown = fc.oneof(
  fc.constantFrom(
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=javascript:alert(1)>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<div onmouseover=alert(1)>hover</div>",
    "<!-- <script>alert(1)</script> -->",
    "<pre><b&x onmouseover=alert(1)>",
    '```" onmouseover="alert(1)\n<script>\n```',
    "```<script>\ncode\n```",
    "- [x] done <b onclick=alert(1)>",
    "| a | b |\n| --- | --- |\n| <script> | [x](javascript:alert(1)) |",
    "<javascript:alert(1)>",
    "<mailto:a@example.org>",
    "www.example.org/<script>",
    'https://example.org/"onmouseover=alert(1)',
  ),
  fc
    .tuple(fc.constantFrom(...disguisedSchemes), fc.constantFrom(":alert(1)", ":text/html;base64,PHNjcmlwdD4=", "://x"))
    .chain(([scheme, rest]) =>
      fc.constantFrom(
        `[link](${scheme}${rest})`,
        `[link](<${scheme}${rest}>)`,
        `[link](${scheme}${rest} "title")`,
        `![image](${scheme}${rest})`,
        `[ref][1]\n\n[1]: ${scheme}${rest}`,
        `<${scheme}${rest}>`,
        `<a href="${scheme}${rest}">x</a>`,
      ),
    ),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 30 }),
);

describe("Markdown, whatever is written", () => {
  it("makes only Markdown's own tags, with no handlers and no links but http(s) and mailto", () => {
    fc.assert(
      fc.property(
        fc.array(hostileMarkdown, { minLength: 1, maxLength: 6 }),
        fc.constantFrom("", "\n", "\n\n", " "),
        (parts, joint) => {
          const html = renderMarkdown(parts.join(joint));
          for (const tag of tagsOf(html)) {
            expect(ALLOWED_TAGS, html).toContain(tag.name);
            for (const [name, value] of tag.attributes) {
              expect(ALLOWED_ATTRIBUTES, html).toContain(name);
              expect(name, html).not.toMatch(/^on/);
              if (name === "href" || name === "src")
                expect(["http", "https", "mailto"], html).toContain(schemeOf(value));
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("escapes the text after a script, pre or style tag, which marked would pass through raw", () => {
    for (const tag of ["<script>", "<pre>", "<style>", "<SCRIPT type=x>"]) {
      const html = renderMarkdown(`Some text ${tag}<b&x onmouseover=alert(1)>hover`);
      expect(tagsOf(html).map((found) => found.name)).toEqual(["p"]);
      expect(html).toContain("&lt;b&amp;x onmouseover=alert(1)&gt;hover");
    }
  });

  it("reads a disguised scheme as the browser would and drops the link", () => {
    for (const scheme of disguisedSchemes) {
      for (const written of [`[x](${scheme}:alert(1))`, `<${scheme}:alert(1)>`, `[x][r]\n\n[r]: ${scheme}:alert(1)`]) {
        const html = renderMarkdown(written);
        expect(
          tagsOf(html).filter((tag) => tag.name === "a"),
          `${written} gave ${html}`,
        ).toEqual([]);
      }
    }
    // And the checker itself sees through each disguise.
    expect(schemes.map((scheme) => schemeOf(`${scheme}:alert(1)`))).toEqual(schemes.map(() => "javascript"));
  });
});
