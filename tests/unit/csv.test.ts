import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvDocument, csvField, parseCsv } from "~/domain/csv";

function rows(text: string): string[][] {
  const result = parseCsv(text);
  if (!result.ok) throw new Error(result.message);
  return result.rows;
}

describe("csvField", () => {
  it("quotes only what needs quoting", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("Leeds, Bradford")).toBe('"Leeds, Bradford"');
    expect(csvField('The "Nexus"')).toBe('"The ""Nexus"""');
    expect(csvField("one\ntwo")).toBe('"one\ntwo"');
    expect(csvField("")).toBe("");
  });

  it("stops a cell being run as a formula", () => {
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("+44")).toBe("'+44");
    expect(csvField("-1")).toBe("'-1");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\t=1")).toBe("'\t=1");
    expect(csvField("\r=1")).toBe('"\'\r=1"');
  });
});

describe("csvDocument", () => {
  it("starts with a byte order mark and ends every line with CRLF", () => {
    expect(
      csvDocument(
        ["Team", "Title"],
        [
          ["Siân's team", "A, B"],
          ["=cmd", ""],
        ],
      ),
    ).toBe("\uFEFFTeam,Title\r\nSiân's team,\"A, B\"\r\n'=cmd,\r\n");
    expect(csvDocument(["Only"], [])).toBe("\uFEFFOnly\r\n");
  });
});

describe("parseCsv", () => {
  it("reads plain rows with CRLF or LF line ends", () => {
    expect(rows("a,b,c\r\n1,2,3\r\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
    expect(rows("a,b\n1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(rows("a,b\r1,2\r")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    expect(rows('"Leeds, Bradford","The ""Nexus""","line one\r\nline two","x\ny"\r\n')).toEqual([
      ["Leeds, Bradford", 'The "Nexus"', "line one\r\nline two", "x\ny"],
    ]);
    expect(rows('"",""\n')).toEqual([["", ""]]);
    expect(rows('""')).toEqual([[""]]);
  });

  it("keeps empty fields, leading and trailing ones included", () => {
    expect(rows(",a,,b,\n")).toEqual([["", "a", "", "b", ""]]);
    expect(rows(",\n")).toEqual([["", ""]]);
  });

  it("strips a leading byte order mark and skips empty lines", () => {
    expect(rows("\uFEFFTeam,Title\r\n\r\nA,B\r\n\r\n\r\n")).toEqual([
      ["Team", "Title"],
      ["A", "B"],
    ]);
    expect(rows("")).toEqual([]);
    expect(rows("\uFEFF")).toEqual([]);
    expect(rows("\n\n")).toEqual([]);
  });

  it("does not trim fields", () => {
    expect(rows(" a , b \n")).toEqual([[" a ", " b "]]);
  });

  it("keeps a quote inside an unquoted field as text", () => {
    expect(rows('5" screen,ok\n')).toEqual([['5" screen', "ok"]]);
  });

  it("names the line on which an unterminated quote starts", () => {
    expect(parseCsv('Team,Title\nA,"unfinished\nstill going\n')).toEqual({
      ok: false,
      line: 2,
      message: "The quoted value that starts on line 2 has no closing quote. Check the quotes on that line",
    });
    expect(parseCsv('a\r\n"x\r\ny"\r\nb,"c')).toMatchObject({ ok: false, line: 4 });
  });

  it("refuses text after a closing quote, naming its line", () => {
    expect(parseCsv('a\n"multi\nline"tail,b\n')).toEqual({
      ok: false,
      line: 3,
      message: "A closing quote on line 3 is followed by more text. Put the whole value inside the quotes",
    });
  });

  it("reads back what csvDocument writes, for any text", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 20 });
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 4 }),
        fc.array(fc.array(text, { minLength: 1, maxLength: 4 }), { maxLength: 5 }),
        (header, body) => {
          const written = [header, ...body];
          const read = rows(csvDocument(header, body));
          // A line of one empty field is written as an empty line, which reads as no line at all.
          const expected = written
            .filter((line) => !(line.length === 1 && line[0] === ""))
            .map((line) => line.map((value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)));
          expect(read).toEqual(expected);
        },
      ),
    );
  });
});
