import { Activity, FileCode2, ArrowLeftRight, BellRing, CloudSun, GitFork, KeyRound, LayoutDashboard, ListTree, Plug, ScrollText, Server, ShieldCheck, Users, type LucideIcon } from 'lucide-react';

export interface NavItem {
  label: string;
  /** Path under /clusters/{cluster}; '' is the overview. */
  segment: string;
  icon: LucideIcon;
}

export const navItems: NavItem[] = [
  { label: 'Overview', segment: '', icon: LayoutDashboard },
  { label: 'Brokers', segment: 'brokers', icon: Server },
  { label: 'Topics', segment: 'topics', icon: ListTree },
  { label: 'Reassignments', segment: 'reassignments', icon: ArrowLeftRight },
  { label: 'Consumer groups', segment: 'groups', icon: Users },
  { label: 'Live tail', segment: 'live', icon: Activity },
  { label: 'Schemas', segment: 'schemas', icon: FileCode2 },
  { label: 'Alerts', segment: 'alerts', icon: BellRing },
  { label: 'Weather', segment: 'weather', icon: CloudSun },
  { label: 'Pipeline', segment: 'pipeline', icon: GitFork },
  { label: 'Security', segment: 'security', icon: ShieldCheck },
  { label: 'Connect', segment: 'connect', icon: Plug },
  { label: 'Audit', segment: 'audit', icon: ScrollText },
  { label: 'Access', segment: 'access', icon: KeyRound },
];

export function clusterPath(cluster: string, segment = ''): string {
  return `/clusters/${encodeURIComponent(cluster)}${segment ? `/${segment}` : ''}`;
}
