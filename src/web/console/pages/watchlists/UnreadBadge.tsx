/**
 * The unread-notice count beside "Watched suppliers" in the navigation: asked on load, every minute, and
 * whenever a page marks notices read.
 */
import { Badge } from "antd";
import { useEffect, useState } from "react";
import { apiGet } from "../../api/client.ts";
import { useI18n } from "../../i18n/i18n.tsx";

const EVENT = "opentic:notices-read";

/** Tells the badge to count again. */
export function announceUnreadChanged(): void {
	window.dispatchEvent(new Event(EVENT));
}

export function UnreadBadge() {
	const i = useI18n();
	const [n, setN] = useState(0);
	useEffect(() => {
		let live = true;
		const load = () =>
			apiGet<{ unread: number }>("/watchlists/notices", { unread: "true", pageSize: 1 }).then(
				(r) => live && setN(r.unread),
				() => {},
			);
		void load();
		const timer = setInterval(load, 60_000);
		window.addEventListener(EVENT, load);
		return () => {
			live = false;
			clearInterval(timer);
			window.removeEventListener(EVENT, load);
		};
	}, []);
	if (!n) return null;
	return <Badge className="nav-badge" count={n} size="small" aria-label={`${i.t("watch.unread")} ${n}`} />;
}
