-- After the shipped events schema: a database without the record of processed events.
DROP TABLE platform_processed_event;
