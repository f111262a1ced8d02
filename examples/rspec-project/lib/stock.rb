# A tiny stock ledger for the RSpec example.
class Stock
  def initialize
    @items = Hash.new(0)
  end

  def add(sku, count)
    raise ArgumentError, 'count must be positive' unless count.positive?

    @items[sku] += count
  end

  def take(sku, count)
    raise ArgumentError, "only #{@items[sku]} of #{sku}" if count > @items[sku]

    @items[sku] -= count
  end

  def count(sku)
    @items[sku]
  end
end

def work(seconds)
  sleep(seconds * Float(ENV.fetch('EVENSHARD_EXAMPLE_TIME_SCALE', '1')))
end
