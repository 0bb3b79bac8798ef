'use client';
import * as Tabs from '@radix-ui/react-tabs';
import { PageHeader } from '@/components/ui/page-header';
import { useUrlState } from '@/lib/client/use-url-state';
import { AclsView } from './acls-view';
import { EffectiveAccessView } from './effective-access-view';
import { QuotasView } from './quotas-view';
import { ScramUsersView } from './scram-users-view';

const TABS = [
  { id: 'acls', label: 'ACLs' },
  { id: 'access', label: 'Effective access' },
  { id: 'users', label: 'SCRAM users' },
  { id: 'quotas', label: 'Quotas' },
] as const;
type TabId = (typeof TABS)[number]['id'];

export function SecurityView({ cluster }: { cluster: string }) {
  const { params, set } = useUrlState();
  const raw = params.get('tab');
  const tab: TabId = TABS.some((t) => t.id === raw) ? (raw as TabId) : 'acls';
  return (
    <>
      <PageHeader title="Security" description="Who may connect and what they may do: ACLs, SCRAM users and client quotas of this cluster. Every change is in the audit log." />
      <Tabs.Root value={tab} onValueChange={(v) => set({ tab: v === 'acls' ? null : v })}>
        <Tabs.List aria-label="Security sections" className="mb-4 flex gap-1 border-b border-border">
          {TABS.map((t) => (
            <Tabs.Trigger
              key={t.id}
              value={t.id}
              className="-mb-px border-b-2 border-transparent px-3 py-2 text-[13px] text-muted hover:text-fg focus:outline-none focus-visible:ring-2 focus-visible:ring-accent data-[state=active]:border-accent data-[state=active]:font-medium data-[state=active]:text-fg"
            >
              {t.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        {TABS.map((t) => (
          <Tabs.Content key={t.id} value={t.id} className="focus:outline-none">
            {tab === t.id && t.id === 'acls' && <AclsView cluster={cluster} />}
            {tab === t.id && t.id === 'access' && <EffectiveAccessView cluster={cluster} />}
            {tab === t.id && t.id === 'users' && <ScramUsersView cluster={cluster} />}
            {tab === t.id && t.id === 'quotas' && <QuotasView cluster={cluster} />}
          </Tabs.Content>
        ))}
      </Tabs.Root>
    </>
  );
}
