import { describe, expect, it } from "vitest";
import { checkGatewayDestination, isLoopbackUrl } from "./gatewayDestination.js";

describe("where a gateway directory URL may lead", () => {
  it("never to link-local, unspecified or multicast addresses, however written", async () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data",
      "http://[::ffff:169.254.169.254]/",
      "http://[fe80::1]:8080/",
      "http://0.0.0.0:3000/",
      "http://224.0.0.1/",
    ])
      await expect(checkGatewayDestination(url, true), url).rejects.toThrow(/link-local, unspecified or multicast/);
  });

  it("to this machine's loopback only in a local federation, and to private networks always", async () => {
    await expect(checkGatewayDestination("http://127.0.0.1:3000/x", false)).rejects.toThrow(/own loopback/);
    await expect(checkGatewayDestination("http://[::1]:3000/x", false)).rejects.toThrow(/own loopback/);
    await expect(checkGatewayDestination("http://localhost:3000/x", false)).rejects.toThrow(/own loopback/);
    await expect(checkGatewayDestination("http://127.0.0.1:3000/x", true)).resolves.toBeUndefined();
    await expect(checkGatewayDestination("http://10.231.1.2:3000/x", false)).resolves.toBeUndefined();
    await expect(checkGatewayDestination("https://192.168.10.5/x", false)).resolves.toBeUndefined();
    expect([isLoopbackUrl("http://127.0.0.1:3000"), isLoopbackUrl("https://ledger.bit.edu.cn")]).toEqual([true, false]);
  });
});
