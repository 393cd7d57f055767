-- A product's grade in each channel × locale it was graded in
-- ("ecommerce/de_DE:B ecommerce/en_US:A"), empty where no completeness rule graded it.
ALTER TABLE product_scores ADD COLUMN grades TEXT NOT NULL DEFAULT '';
