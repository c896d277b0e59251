-- The statuses the code knows (Shipment.Status).
ALTER TABLE shipments ADD CONSTRAINT shipments_status_known CHECK (status IN ('CREATED', 'FAILED'));
