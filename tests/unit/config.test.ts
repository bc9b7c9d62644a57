import { ConfigError, loadConfig } from "../../jobs/config";

const base = { REDIS_URL: "redis://127.0.0.1:6379", SMTP_URL: "smtp://127.0.0.1:2525" };

describe("configuration", () => {
  it("fills in defaults", () => {
    const config = loadConfig(base);
    expect(config.DATABASE_PATH).toBe(".data/tactful.sqlite");
    expect(config.PUBLIC_URL).toBe("http://localhost:3000");
  });

  it("names each missing or malformed variable", () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(/REDIS_URL[\s\S]*SMTP_URL/);
    expect(() => loadConfig({ ...base, SMTP_URL: "mail.example.com" })).toThrow(/SMTP_URL: must be an smtp/);
    expect(() => loadConfig({ ...base, PUBLIC_URL: "not a url" })).toThrow(/PUBLIC_URL/);
  });

  it("requires a session secret in production, and never uses the development one there", () => {
    expect(() => loadConfig({ ...base, NODE_ENV: "production" })).toThrow(
      /SESSION_SECRET: is required in production/,
    );
    const secret = "s".repeat(40);
    const production = { ...base, NODE_ENV: "production", PUBLIC_URL: "https://mail.shop.example" };
    expect(loadConfig({ ...production, SESSION_SECRET: secret }).SESSION_SECRET).toBe(secret);
    expect(() => loadConfig({ ...base, SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET/);
  });

  describe("PUBLIC_URL, the address in every recipient's links", () => {
    const production = { ...base, NODE_ENV: "production", SESSION_SECRET: "s".repeat(40) };

    it("is required in production, where a default would send people to localhost", () => {
      expect(() => loadConfig(production)).toThrow(/PUBLIC_URL: is required in production/);
    });

    it("must be https in production", () => {
      expect(() => loadConfig({ ...production, PUBLIC_URL: "http://mail.shop.example" })).toThrow(
        /PUBLIC_URL: must be an https:\/\/ address in production/,
      );
      expect(loadConfig({ ...production, PUBLIC_URL: "https://mail.shop.example" }).PUBLIC_URL).toBe(
        "https://mail.shop.example",
      );
    });

    it("may be plain http on this machine only, as the demo and the tests run", () => {
      for (const local of ["http://localhost:3001", "http://127.0.0.1:4000", "http://[::1]:3000"]) {
        expect(loadConfig({ ...production, PUBLIC_URL: local }).PUBLIC_URL).toBe(local);
      }
      expect(() => loadConfig({ ...production, PUBLIC_URL: "http://localhost.shop.example" })).toThrow(
        /PUBLIC_URL/,
      );
    });

    it("is named together with the session secret when both are missing", () => {
      expect(() => loadConfig({ ...base, NODE_ENV: "production" })).toThrow(
        /SESSION_SECRET: is required in production[\s\S]*PUBLIC_URL: is required in production/,
      );
    });
  });
});
