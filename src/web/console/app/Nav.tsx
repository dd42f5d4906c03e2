/**
 * The navigation, generated from the page registry: the pages this identity may use, grouped, as a
 * list of links (the current one marked with aria-current).
 */

import type { Me } from "../api/types.ts";
import { type MessageKey, useT } from "../i18n/i18n.tsx";
import { listed, type NavGroup, PAGES } from "../pages/index.ts";
import { Link } from "./router.tsx";

const GROUPS: { group: NavGroup; title: MessageKey | null }[] = [
	{ group: "main", title: null },
	{ group: "records", title: "nav.records" },
	{ group: "admin", title: "nav.admin" },
];

/** True when `path` is the page or one under it ("/certificates/X" is under "/certificates"). */
function isCurrent(page: string, path: string): boolean {
	return page === "/" ? path === "/" : path === page || path.startsWith(`${page}/`);
}

export function Nav({ me, path, onNavigate }: { me: Me; path: string; onNavigate?: () => void }) {
	const t = useT();
	const visible = PAGES.filter((p) => listed(me, p));
	// The deepest matching entry is the current one (/capabilities/propose is not /capabilities' sibling).
	const current = visible
		.filter((p) => isCurrent(p.path, path))
		.sort((a, b) => b.path.length - a.path.length)[0]?.path;
	return (
		<nav aria-label={t("nav.label")} className="nav">
			{GROUPS.map(({ group, title }) => {
				const pages = visible.filter((p) => p.nav?.group === group);
				if (pages.length === 0) return null;
				const headingId = `nav-${group}`;
				return (
					<section key={group} aria-labelledby={title ? headingId : undefined}>
						{title && (
							<h2 id={headingId} className="nav-heading">
								{t(title)}
							</h2>
						)}
						<ul>
							{pages.map((p) => {
								const Icon = p.nav!.icon;
								const Badge = p.nav!.badge;
								const active = p.path === current;
								return (
									<li key={p.path}>
										<Link
											to={p.path}
											className={active ? "nav-link active" : "nav-link"}
											aria-current={active ? "page" : undefined}
											onClick={onNavigate}
										>
											<span aria-hidden className="nav-icon">
												<Icon />
											</span>
											{t(p.title)}
											{Badge && <Badge />}
										</Link>
									</li>
								);
							})}
						</ul>
					</section>
				);
			})}
		</nav>
	);
}
