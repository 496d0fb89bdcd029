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
