/**
 * Where a webhook may be sent. A URL naming this machine or a private network is refused when it is
 * given (notifications.service.ts), and again when it is sent to: the host name is resolved at connect
 * time and a private address refused there, so a public name that resolves (or later re-resolves) to an
 * internal host cannot make the server call it. `OPENTIC_WEBHOOK_LOCAL=true` allows both.
 */
import dns, { type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";

/** True for a host on this machine or a private network: a name like localhost, or such an address. */
export function isLocalHost(hostname: string): boolean {
	const h = hostname.toLowerCase().replace(/^\[|\]$/g, "");
	if (h === "localhost" || h.endsWith(".localhost") || h === "0.0.0.0" || h === "::" || h === "::1")
		return true;
	const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
	if (v4) {
		const [a, b] = [Number(v4[1]), Number(v4[2])];
		// Loopback, RFC 1918 private, link-local, carrier-grade NAT (RFC 6598), "this network".
		return (
			a === 127 ||
			a === 10 ||
			a === 0 ||
			(a === 172 && b >= 16 && b <= 31) ||
			(a === 192 && b === 168) ||
			(a === 169 && b === 254) ||
			(a === 100 && b >= 64 && b <= 127)
		);
	}
	// IPv6 unique-local (fc00::/7), link-local (fe80::/10) and IPv4-mapped addresses.
	return /^f[cd][0-9a-f]{2}:/.test(h) || /^fe[89ab][0-9a-f]:/.test(h) || h.startsWith("::ffff:");
}

/** The error a refused address fails the connection with; its code is what the attempt log shows. */
export function privateAddressError(hostname: string): NodeJS.ErrnoException {
	return Object.assign(new Error(`${hostname} is on this machine or a private network`), {
		code: "EPRIVATEADDRESS",
	});
}

/** A DNS lookup for sockets that fails when the name resolves to a local or private address. */
export function guardedLookup(allowLocal: boolean): LookupFunction {
	return (hostname, options, callback) => {
		dns.lookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
			if (err) return (callback as (e: Error) => void)(err);
			if (!allowLocal && addresses.some((a) => isLocalHost(a.address)))
				return (callback as (e: Error) => void)(privateAddressError(hostname));
			if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
			const first = addresses[0]!;
			return (callback as (e: null, a: string, f: number) => void)(null, first.address, first.family);
		});
	};
}
