-- Agency staff could deliver an advisory of their agency, published any time before, to any company, at
-- any later time: the deliveries' insert policy (advisory_deliveries_deliver, 0036) asked only that the
-- revision was the published one and the delivery dated now. A company outside the targets could be sent a
-- limited-disclosure advisory, by any official, long after its approval, with no approval event to explain
-- it. Now a delivery is written only in the transaction that publishes its revision, by the approver who
-- publishes it (the revision published now, approved by the caller: approveAdvisory, which delivers
-- every company the targets reach in that transaction). The rest of the policy is as 0036 wrote it.
ALTER POLICY advisory_deliveries_deliver ON "advisory_deliveries" WITH CHECK (
  app_setting('app.role') IN ('agency_reviewer', 'agency_approver')
  AND (SELECT a.published_revision FROM advisories a
       WHERE a.id = advisory_deliveries.advisory_id AND a.agency_id = app_setting('app.org_id')::uuid) = advisory_deliveries.delivered_revision
  AND EXISTS (SELECT 1 FROM advisory_revisions r
              WHERE r.advisory_id = advisory_deliveries.advisory_id AND r.number = advisory_deliveries.delivered_revision
                AND r.state = 'published' AND r.published_at = now() AND r.approved_by = app_setting('app.user_id')::uuid)
  AND advisory_deliveries.current_revision = advisory_deliveries.delivered_revision AND advisory_deliveries.delivered_at = now()
  AND advisory_deliveries.revised_at IS NULL AND advisory_deliveries.first_read_at IS NULL AND advisory_deliveries.first_read_by IS NULL
  AND advisory_deliveries.read_revision IS NULL AND advisory_deliveries.acknowledged_at IS NULL AND advisory_deliveries.acknowledged_by IS NULL
  AND advisory_deliveries.acknowledged_revision IS NULL AND advisory_deliveries.acknowledgement_note IS NULL
  AND (SELECT o.type FROM organisations o WHERE o.id = advisory_deliveries.organisation_id) = 'company');
