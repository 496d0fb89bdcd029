-- The database's own guard on prize money, behind the same rules in app/domain/awards.ts:
-- a category's awards never add up to more than its fund, and an award's shares always add up to
-- exactly the award. Both are checked at commit (deferred), so a transaction may insert an award
-- and then its shares. The fund check locks the category row first: two transactions allocating
-- in the same category at the same moment take turns, and the second sees what the first wrote.
CREATE FUNCTION prize_category_within_fund() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  category uuid;
  fund bigint;
  allocated bigint;
BEGIN
  -- Both prize_awards and prize_places name their category in category_id.
  category := CASE WHEN TG_OP = 'DELETE' THEN OLD.category_id ELSE NEW.category_id END;
  PERFORM 1 FROM prize_categories WHERE id = category FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  SELECT coalesce(sum(amount_pence), 0) INTO fund FROM prize_places WHERE category_id = category;
  SELECT coalesce(sum(amount_pence), 0) INTO allocated FROM prize_awards WHERE category_id = category;
  IF allocated > fund THEN
    RAISE EXCEPTION 'prize awards of % pence exceed the fund of % pence', allocated, fund
      USING ERRCODE = 'check_violation', CONSTRAINT = 'prize_awards_within_fund';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER prize_awards_within_fund
  AFTER INSERT OR UPDATE ON prize_awards
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION prize_category_within_fund();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER prize_places_cover_awards
  AFTER UPDATE OR DELETE ON prize_places
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION prize_category_within_fund();
--> statement-breakpoint
CREATE FUNCTION award_shares_add_up() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  award uuid;
  amount bigint;
  shared bigint;
BEGIN
  IF TG_TABLE_NAME = 'prize_awards' THEN
    award := NEW.id;
  ELSE
    award := CASE WHEN TG_OP = 'DELETE' THEN OLD.award_id ELSE NEW.award_id END;
  END IF;
  SELECT amount_pence INTO amount FROM prize_awards WHERE id = award;
  IF NOT FOUND THEN
    -- The award itself went (its shares go with it).
    RETURN NULL;
  END IF;
  SELECT coalesce(sum(amount_pence), 0) INTO shared FROM award_shares WHERE award_id = award;
  IF shared <> amount THEN
    RAISE EXCEPTION 'the shares of an award of % pence add up to % pence', amount, shared
      USING ERRCODE = 'check_violation', CONSTRAINT = 'award_shares_add_up';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER award_shares_add_up
  AFTER INSERT OR UPDATE OR DELETE ON award_shares
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION award_shares_add_up();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER prize_awards_shares_add_up
  AFTER INSERT OR UPDATE ON prize_awards
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION award_shares_add_up();
