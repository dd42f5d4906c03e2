/**
 * The console's pages — the one place to add one. Navigation and routing are generated from this list.
 *
 * To add a page:
 *   1. write its component under pages/<area>/, default-exported, taking PageProps;
 *   2. add an entry below: `path` (":name" segments become params), `title` (a key of i18n/zh-CN.ts —
 *      add it there and in en.ts), `actions` (any one of them shows the page; none: every signed-in
 *      user), `nav` to list it in the navigation, and `component: lazy(() => import("./…"))`;
 *   3. put fixed paths ("/certificates/new") before parameterised ones ("/certificates/:number"):
 *      the first match wins.
 * The server decides what each person may really do; `actions` only keeps out of sight what would be
 * refused anyway.
 */
import {
	AimOutlined,
	AlertOutlined,
	ApartmentOutlined,
	AuditOutlined,
	BarChartOutlined,
	BellOutlined,
	CarryOutOutlined,
	CloudUploadOutlined,
	ControlOutlined,
	ExperimentOutlined,
	FileDoneOutlined,
	FileProtectOutlined,
	FileSearchOutlined,
	HistoryOutlined,
	HomeOutlined,
	KeyOutlined,
	LineChartOutlined,
	MessageOutlined,
	NodeIndexOutlined,
	NotificationOutlined,
	ProfileOutlined,
	ReconciliationOutlined,
	SafetyCertificateOutlined,
	ScheduleOutlined,
	StopOutlined,
	TeamOutlined,
	UnorderedListOutlined,
	UserOutlined,
	WarningOutlined,
} from "@ant-design/icons";
import { type ComponentType, type LazyExoticComponent, lazy } from "react";
import type { Action, Me } from "../api/types.ts";
import { allows } from "../app/session.tsx";
import type { MessageKey } from "../i18n/i18n.tsx";
import { UnreadBadge } from "./watchlists/UnreadBadge.tsx";

/** What every page receives: the path's parameters. */
export interface PageProps {
	params: Record<string, string>;
}

export type NavGroup = "main" | "records" | "admin";

export interface PageDef {
	path: string;
	title: MessageKey;
	actions?: readonly Action[];
	/**
	 * `personOnly`: listed only for accounts linked to a person in the inspector pool; `bodyOnly`: only for
	 * the accounts of a certification body, lab or enterprise (a regulator has no file of its own).
	 */
	nav?: {
		group: NavGroup;
		icon: ComponentType;
		personOnly?: boolean;
		bodyOnly?: boolean;
		/** Shown after the title (a count of unread notices). */
		badge?: ComponentType;
	};
	component: LazyExoticComponent<ComponentType<PageProps>>;
}

const BODY_ROLES = new Set(["cb_operator", "lab_operator", "enterprise_user"]);

/** Whether the navigation (and the home page's tiles) list a page for this account. */
export function listed(me: Me, p: PageDef): boolean {
	if (!p.nav || !allows(me, p.actions)) return false;
	if (p.nav.personOnly && me.account?.person == null) return false;
	if (p.nav.bodyOnly && !BODY_ROLES.has(me.actor.role ?? "")) return false;
	return true;
}

/** Writes a batch file can carry. */
const ANY_IMPORT: readonly Action[] = [
	"certificate.write",
	"report.write",
	"organization.write",
	"person.write",
	"qualification.write",
	"capability.write",
];

export const PAGES: readonly PageDef[] = [
	{
		path: "/",
		title: "page.home",
		nav: { group: "main", icon: HomeOutlined },
		component: lazy(() => import("./Home.tsx")),
	},
	{
		path: "/certificates",
		title: "page.certificates",
		actions: ["certificate.write"],
		nav: { group: "records", icon: SafetyCertificateOutlined },
		component: lazy(() => import("./certificates/CertificateList.tsx")),
	},
	{
		path: "/certificates/new",
		title: "page.certificateNew",
		actions: ["certificate.write"],
		component: lazy(() => import("./certificates/CertificateEdit.tsx")),
	},
	{
		path: "/certificates/:number",
		title: "page.certificate",
		actions: ["certificate.write"],
		component: lazy(() => import("./certificates/CertificateView.tsx")),
	},
	{
		path: "/certificates/:number/edit",
		title: "page.certificateEdit",
		actions: ["certificate.write"],
		component: lazy(() => import("./certificates/CertificateEdit.tsx")),
	},
	{
		path: "/reports",
		title: "page.reports",
		actions: ["report.write"],
		nav: { group: "records", icon: ExperimentOutlined },
		component: lazy(() => import("./reports/ReportList.tsx")),
	},
	{
		path: "/reports/new",
		title: "page.reportNew",
		actions: ["report.write"],
		component: lazy(() => import("./reports/ReportNew.tsx")),
	},
	{
		path: "/reports/:number",
		title: "page.report",
		actions: ["report.write"],
		component: lazy(() => import("./reports/ReportView.tsx")),
	},
	{
		path: "/capabilities",
		title: "page.capabilities",
		actions: ["capability.propose", "capability.write"],
		nav: { group: "records", icon: UnorderedListOutlined },
		component: lazy(() => import("./capabilities/CapabilityList.tsx")),
	},
	{
		path: "/capabilities/propose",
		title: "page.propose",
		actions: ["capability.propose"],
		component: lazy(() => import("./capabilities/ProposeForm.tsx")),
	},
	{
		path: "/proposals",
		title: "page.proposals",
		actions: ["capability.propose", "capability.decide"],
		nav: { group: "records", icon: FileDoneOutlined },
		component: lazy(() => import("./capabilities/ProposalList.tsx")),
	},
	{
		path: "/people",
		title: "page.people",
		actions: ["person.write"],
		nav: { group: "records", icon: TeamOutlined },
		component: lazy(() => import("./people/PeopleList.tsx")),
	},
	{
		path: "/organizations",
		title: "page.organizations",
		actions: ["organization.write"],
		nav: { group: "records", icon: ApartmentOutlined },
		component: lazy(() => import("./organizations/OrganizationList.tsx")),
	},
	{
		path: "/organizations/new",
		title: "page.organizationNew",
		actions: ["organization.write"],
		component: lazy(() => import("./organizations/OrganizationEdit.tsx")),
	},
	{
		path: "/organizations/:uscc",
		title: "page.organization",
		actions: ["organization.write"],
		component: lazy(() => import("./organizations/OrganizationView.tsx")),
	},
	{
		path: "/organizations/:uscc/edit",
		title: "page.organizationEdit",
		actions: ["organization.write"],
		component: lazy(() => import("./organizations/OrganizationEdit.tsx")),
	},
	{
		path: "/import",
		title: "page.import",
		actions: ANY_IMPORT,
		nav: { group: "records", icon: CloudUploadOutlined },
		component: lazy(() => import("./import/ImportPage.tsx")),
	},
	{
		path: "/flags",
		title: "page.flags",
		actions: ["flag.review"],
		nav: { group: "admin", icon: AlertOutlined },
		component: lazy(() => import("./flags/FlagsPage.tsx")),
	},
	{
		path: "/spot-checks",
		title: "page.spotChecks",
		actions: ["spotcheck.manage"],
		nav: { group: "admin", icon: AimOutlined },
		component: lazy(() => import("./spotchecks/SpotChecksPage.tsx")),
	},
	{
		path: "/my-tasks",
		title: "page.myTasks",
		actions: ["spotcheck.inspect"],
		nav: { group: "main", icon: CarryOutOutlined, personOnly: true },
		component: lazy(() => import("./spotchecks/MyTasksPage.tsx")),
	},
	{
		path: "/reviews",
		title: "page.myReviews",
		actions: ["approval.review"],
		nav: { group: "main", icon: FileSearchOutlined, personOnly: true },
		component: lazy(() => import("./approvals/MyReviewsPage.tsx")),
	},
	{
		path: "/spot-checks/new",
		title: "spot.new",
		actions: ["spotcheck.manage"],
		component: lazy(() => import("./spotchecks/SpotBatchNew.tsx")),
	},
	{
		path: "/spot-checks/:code",
		title: "spot.batch",
		actions: ["spotcheck.manage"],
		component: lazy(() => import("./spotchecks/SpotBatchView.tsx")),
	},
	{
		path: "/my-credit",
		title: "page.myCredit",
		actions: ["credit.appeal"],
		nav: { group: "main", icon: ProfileOutlined, bodyOnly: true },
		component: lazy(() => import("./credit/MyCreditPage.tsx")),
	},
	{
		path: "/applications",
		title: "page.applications",
		actions: ["approval.apply"],
		nav: { group: "main", icon: FileProtectOutlined, bodyOnly: true },
		component: lazy(() => import("./approvals/MyApplicationsPage.tsx")),
	},
	{
		path: "/applications/new",
		title: "page.applicationNew",
		actions: ["approval.apply"],
		component: lazy(() => import("./approvals/ApplyWizard.tsx")),
	},
	{
		path: "/applications/:number",
		title: "page.application",
		actions: ["approval.apply", "approval.handle", "approval.review"],
		component: lazy(() => import("./approvals/ApplicationView.tsx")),
	},
	{
		path: "/credit/:uscc",
		title: "page.creditFile",
		actions: ["credit.read"],
		component: lazy(() => import("./credit/CreditFilePage.tsx")),
	},
	{
		path: "/credit-models",
		title: "page.creditModels",
		actions: ["credit.read"],
		nav: { group: "admin", icon: ControlOutlined },
		component: lazy(() => import("./credit/CreditModelsPage.tsx")),
	},
	{
		path: "/appeals",
		title: "page.appeals",
		actions: ["credit.record"],
		nav: { group: "admin", icon: AuditOutlined },
		component: lazy(() => import("./appeals/AppealsPage.tsx")),
	},
	{
		path: "/complaints",
		title: "page.complaints",
		actions: ["complaint.handle"],
		nav: { group: "admin", icon: MessageOutlined },
		component: lazy(() => import("./complaints/ComplaintsPage.tsx")),
	},
	{
		path: "/complaints/:tracking",
		title: "page.complaint",
		actions: ["complaint.handle"],
		component: lazy(() => import("./complaints/ComplaintView.tsx")),
	},
	{
		path: "/approvals",
		title: "page.approvals",
		actions: ["approval.handle"],
		nav: { group: "admin", icon: ReconciliationOutlined },
		component: lazy(() => import("./approvals/ApprovalQueuePage.tsx")),
	},
	{
		path: "/approvals/sla",
		title: "page.approvalSla",
		actions: ["approval.handle"],
		nav: { group: "admin", icon: BarChartOutlined },
		component: lazy(() => import("./approvals/SlaPage.tsx")),
	},
	{
		path: "/stats",
		title: "page.stats",
		actions: ["credit.read"],
		nav: { group: "admin", icon: LineChartOutlined },
		component: lazy(() => import("./stats/StatsPage.tsx")),
	},
	{
		path: "/trace",
		title: "page.trace",
		actions: ["trace.read"],
		nav: { group: "admin", icon: NodeIndexOutlined },
		component: lazy(() => import("./trace/TracePage.tsx")),
	},
	{
		path: "/alerts",
		title: "page.alerts",
		actions: ["alert.manage"],
		nav: { group: "admin", icon: WarningOutlined },
		component: lazy(() => import("./alerts/AlertsPage.tsx")),
	},
	{
		path: "/alerts/tasks",
		title: "page.alertTasks",
		actions: ["alert.manage", "credit.appeal"],
		nav: { group: "main", icon: ScheduleOutlined },
		component: lazy(() => import("./alerts/MyAlertTasksPage.tsx")),
	},
	{
		path: "/alerts/:number",
		title: "page.alert",
		actions: ["alert.manage"],
		component: lazy(() => import("./alerts/AlertView.tsx")),
	},
	{
		path: "/watchlists",
		title: "page.watchlists",
		actions: ["watchlist.manage"],
		nav: { group: "main", icon: BellOutlined, badge: UnreadBadge },
		component: lazy(() => import("./watchlists/WatchlistsPage.tsx")),
	},
	{
		path: "/watchlists/:id",
		title: "page.watchlist",
		actions: ["watchlist.manage"],
		component: lazy(() => import("./watchlists/WatchlistView.tsx")),
	},
	{
		path: "/notifications",
		title: "page.notifications",
		actions: ["notify.manage"],
		nav: { group: "admin", icon: NotificationOutlined },
		component: lazy(() => import("./notifications/SubscriptionsPage.tsx")),
	},
	{
		path: "/notifications/:id",
		title: "page.subscription",
		actions: ["notify.manage"],
		component: lazy(() => import("./notifications/SubscriptionView.tsx")),
	},
	{
		path: "/bans",
		title: "page.bans",
		actions: ["ban.manage"],
		nav: { group: "admin", icon: StopOutlined },
		component: lazy(() => import("./bans/BansPage.tsx")),
	},
	{
		path: "/audit",
		title: "page.audit",
		actions: ["audit.read"],
		nav: { group: "admin", icon: HistoryOutlined },
		component: lazy(() => import("./audit/AuditPage.tsx")),
	},
	{
		path: "/accounts",
		title: "page.accounts",
		actions: ["account.manage"],
		nav: { group: "admin", icon: UserOutlined },
		component: lazy(() => import("./accounts/AccountsPage.tsx")),
	},
	{
		path: "/api-keys",
		title: "page.apiKeys",
		actions: ["apikey.manage"],
		nav: { group: "admin", icon: KeyOutlined },
		component: lazy(() => import("./apikeys/ApiKeysPage.tsx")),
	},
	{
		path: "/password",
		title: "page.password",
		component: lazy(() => import("./Password.tsx")),
	},
];
