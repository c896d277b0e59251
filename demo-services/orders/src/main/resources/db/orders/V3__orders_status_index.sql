-- For the age of the oldest unfinished order per status (UnfinishedOrdersMetrics), read at every scrape.
CREATE INDEX orders_status_updated ON orders (status, updated_at);
