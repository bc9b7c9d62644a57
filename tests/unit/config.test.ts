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
    expect(loadConfig({ ...base, NODE_ENV: "production", SESSION_SECRET: secret }).SESSION_SECRET).toBe(
      secret,
    );
    expect(() => loadConfig({ ...base, SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET/);
  });
});
