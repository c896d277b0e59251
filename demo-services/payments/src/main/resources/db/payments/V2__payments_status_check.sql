-- The statuses the code knows (Payment.Status); a refund is a conditional update from COMPLETED.
ALTER TABLE payments ADD CONSTRAINT payments_status_known CHECK (status IN ('COMPLETED', 'DECLINED', 'REFUNDED'));
