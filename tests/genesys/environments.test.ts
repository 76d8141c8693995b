import { describe, expect, it } from "vitest";
import { GENESYS_REGIONS, resolveGenesysEnvironment } from "@/lib/genesys/environments";

describe("resolveGenesysEnvironment", () => {
  it("defaults to us-east-1 (mypurecloud.com)", () => {
    expect(resolveGenesysEnvironment()).toEqual({
      environment: "mypurecloud.com",
      loginUrl: "https://login.mypurecloud.com",
      apiUrl: "https://api.mypurecloud.com",
    });
    expect(resolveGenesysEnvironment({ region: "  " }).environment).toBe("mypurecloud.com");
  });

  it.each(Object.entries(GENESYS_REGIONS))("knows %s in both spellings", (key, domain) => {
    const expected = { environment: domain, loginUrl: `https://login.${domain}`, apiUrl: `https://api.${domain}` };
    expect(resolveGenesysEnvironment({ region: key })).toEqual(expected);
    expect(resolveGenesysEnvironment({ region: key.replace(/_/g, "-") })).toEqual(expected);
    expect(resolveGenesysEnvironment({ region: key.toUpperCase() })).toEqual(expected);
  });

  it("covers the 18 regions of the JS SDK's PureCloudRegionHosts.js, the US government one included", () => {
    expect(Object.keys(GENESYS_REGIONS)).toHaveLength(18);
    expect(resolveGenesysEnvironment({ region: "us-east-2" }).loginUrl).toBe("https://login.use2.us-gov-pure.cloud");
    expect(resolveGenesysEnvironment({ region: "eusc-de-east-1" }).apiUrl).toBe("https://api.edee1.eusc-pure.cloud");
  });

  it("accepts a bare environment domain and normalises it like setEnvironment", () => {
    const ie = { environment: "mypurecloud.ie", loginUrl: "https://login.mypurecloud.ie", apiUrl: "https://api.mypurecloud.ie" };
    for (const region of [
      "mypurecloud.ie",
      "https://mypurecloud.ie/",
      "api.mypurecloud.ie",
      "https://api.mypurecloud.ie",
      "login.mypurecloud.ie",
      "http://login.mypurecloud.ie//",
      "MyPureCloud.IE",
    ]) {
      expect(resolveGenesysEnvironment({ region }), region).toEqual(ie);
    }
    expect(resolveGenesysEnvironment({ region: "usw2.pure.cloud" }).apiUrl).toBe("https://api.usw2.pure.cloud");
  });

  it("lets URL overrides replace the hosts, trailing slashes stripped and path prefixes kept", () => {
    expect(resolveGenesysEnvironment({ loginUrl: "http://127.0.0.1:4010/", apiUrl: "http://127.0.0.1:4010" })).toEqual({
      environment: "127.0.0.1:4010",
      loginUrl: "http://127.0.0.1:4010",
      apiUrl: "http://127.0.0.1:4010",
    });
    expect(
      resolveGenesysEnvironment({ region: "eu-west-1", loginUrl: "https://gw.example.com/login/", apiUrl: "https://gw.example.com/api//" }),
    ).toEqual({ environment: "gw.example.com", loginUrl: "https://gw.example.com/login", apiUrl: "https://gw.example.com/api" });
    // One override: the other host still comes from the region.
    expect(resolveGenesysEnvironment({ region: "eu_west_1", apiUrl: "https://proxy.example.com" })).toEqual({
      environment: "proxy.example.com",
      loginUrl: "https://login.mypurecloud.ie",
      apiUrl: "https://proxy.example.com",
    });
    // With both overrides a leftover region is irrelevant, even a bad one.
    expect(resolveGenesysEnvironment({ region: "nowhere", loginUrl: "http://x.test", apiUrl: "http://x.test" }).environment).toBe("x.test");
  });

  it("rejects override URLs that are not plain http(s) base URLs", () => {
    expect(() => resolveGenesysEnvironment({ loginUrl: "ftp://example.com" })).toThrow(/GENESYS_LOGIN_URL.*http or https/);
    expect(() => resolveGenesysEnvironment({ apiUrl: "not a url" })).toThrow(/GENESYS_API_URL/);
    expect(() => resolveGenesysEnvironment({ apiUrl: "https://user:pw@example.com" })).toThrow(
      /GENESYS_API_URL must not contain credentials/,
    );
    expect(() => resolveGenesysEnvironment({ apiUrl: "https://example.com/?x=1" })).toThrow(/GENESYS_API_URL/);
  });

  it("names GENESYS_REGION and lists the valid keys for an unknown region", () => {
    let message = "";
    try {
      resolveGenesysEnvironment({ region: "us-middle-7" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("GENESYS_REGION");
    expect(message).toContain('"us-middle-7"');
    for (const key of Object.keys(GENESYS_REGIONS)) expect(message).toContain(key.replace(/_/g, "-"));
    expect(() => resolveGenesysEnvironment({ region: "localhost:8080" })).toThrow(/GENESYS_LOGIN_URL/);
  });
});
