// Renders what organisers and entrants write in Markdown as safe HTML: raw HTML is shown as
// text, links must be http(s) or mailto, images are not loaded, and headings sit below the
// page's own heading.
import { Marked, type Tokens } from "marked";

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => escapes[character]!);
}

function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (/^mailto:[^\s]+$/i.test(trimmed)) return trimmed;
  try {
    const url = new URL(trimmed);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

const markdown = new Marked({ gfm: true, async: false });
markdown.use({
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
    text(token: Tokens.Text | Tokens.Escape) {
      // After a <script>, <pre> or <style> tag marked passes the text that follows through raw, as
      // raw HTML would need. Raw HTML is shown as text here, so that text is escaped too.
      if ("escaped" in token && token.escaped && !("tokens" in token && token.tokens)) return escapeHtml(token.text);
      return false;
    },
    link(token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      const href = safeHref(token.href);
      return href ? `<a href="${escapeHtml(href)}" rel="nofollow noopener noreferrer">${text}</a>` : text;
    },
    image(token: Tokens.Image) {
      return escapeHtml(token.text);
    },
    heading(token: Tokens.Heading) {
      const level = Math.min(token.depth + 1, 6);
      return `<h${level}>${this.parser.parseInline(token.tokens)}</h${level}>\n`;
    },
  },
});

export function renderMarkdown(source: string): string {
  return markdown.parse(source, { async: false }) as string;
}
