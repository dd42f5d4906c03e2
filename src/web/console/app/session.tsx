/**
 * Who is signed in. The session itself is an HttpOnly cookie the console never sees; what it keeps is
 * the answer of GET /auth/me — the actor, the actions it may attempt, and the CSRF token for writes.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { ApiError, apiGet, apiPost, onSessionExpired, setCsrfToken } from "../api/client.ts";
import type { Action, Me } from "../api/types.ts";

export type SessionState =
	| { status: "loading" }
	| { status: "signedOut"; expired: boolean }
	| { status: "error"; error: ApiError }
	| { status: "signedIn"; me: Me };

interface SessionApi {
	state: SessionState;
	/** Signs in; rejects with the API's error (wrong password, locked account…). */
	signIn(username: string, password: string): Promise<void>;
	signOut(): Promise<void>;
	/** Reads /auth/me again (after a password change, for instance). */
	refresh(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

async function loadMe(): Promise<Me> {
	const me = await apiGet<Me>("/auth/me");
	setCsrfToken(me.csrfToken);
	return me;
}

export function SessionProvider({ children }: { children: ReactNode }) {
	const [state, setState] = useState<SessionState>({ status: "loading" });

	const refresh = useCallback(async () => {
		try {
			setState({ status: "signedIn", me: await loadMe() });
		} catch (e) {
			if (e instanceof ApiError && e.status === 401) setState({ status: "signedOut", expired: false });
			else setState({ status: "error", error: e as ApiError });
		}
	}, []);

	useEffect(() => {
		void refresh();
	}, [refresh]);

	useEffect(
		() =>
			onSessionExpired(() => {
				setCsrfToken(null);
				setState((s) => (s.status === "signedIn" ? { status: "signedOut", expired: true } : s));
			}),
		[],
	);

	const signIn = useCallback(async (username: string, password: string) => {
		const r = await apiPost<{ csrfToken: string }>("/auth/login", { username, password });
		setCsrfToken(r.csrfToken);
		setState({ status: "signedIn", me: await loadMe() });
	}, []);

	const signOut = useCallback(async () => {
		try {
			await apiPost("/auth/logout");
		} catch {
			// Already signed out on the server: the console signs out all the same.
		}
		setCsrfToken(null);
		setState({ status: "signedOut", expired: false });
	}, []);

	const value = useMemo(() => ({ state, signIn, signOut, refresh }), [state, signIn, signOut, refresh]);
	return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
	const v = useContext(SessionContext);
	if (!v) throw new Error("useSession outside SessionProvider");
	return v;
}

/** The signed-in identity (only inside the signed-in shell). */
export function useMe(): Me {
	const { state } = useSession();
	if (state.status !== "signedIn") throw new Error("useMe without a session");
	return state.me;
}

/** True when the identity may attempt any of the actions (an empty list: anyone signed in). */
export function allows(me: Me, actions: readonly Action[] | undefined): boolean {
	return !actions || actions.length === 0 || actions.some((a) => me.actor.actions.includes(a));
}

/** `can("certificate.write")` for the signed-in identity. */
export function useCan(): (...actions: Action[]) => boolean {
	const me = useMe();
	return (...actions) => allows(me, actions);
}
