// A small writer for JSON objects built field by field (the library API's results).
import { quoteJson } from "./write";

export class JsonObjectWriter {
  private parts: string[] = [];

  str(key: string, value: string): JsonObjectWriter {
    this.parts.push(quoteJson(key) + ":" + quoteJson(value));
    return this;
  }

  int(key: string, value: i64): JsonObjectWriter {
    this.parts.push(quoteJson(key) + ":" + value.toString());
    return this;
  }

  bool(key: string, value: bool): JsonObjectWriter {
    this.parts.push(quoteJson(key) + ":" + (value ? "true" : "false"));
    return this;
  }

  // `json` must already be valid JSON text.
  raw(key: string, json: string): JsonObjectWriter {
    this.parts.push(quoteJson(key) + ":" + json);
    return this;
  }

  toString(): string {
    return "{" + this.parts.join(",") + "}";
  }
}

export function jsonArrayOf(items: string[]): string {
  return "[" + items.join(",") + "]";
}

export function jsonStringArray(items: string[]): string {
  const q = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) q[i] = quoteJson(items[i]);
  return "[" + q.join(",") + "]";
}
