require_relative '../lib/stock'

RSpec.describe 'a stock report' do
  it 'counts unknown items as zero' do
    work(0.1)
    expect(Stock.new.count('nothing')).to eq(0)
  end

  it 'keeps items apart' do
    work(0.1)
    stock = Stock.new
    stock.add('a', 1)
    stock.add('b', 5)
    expect([stock.count('a'), stock.count('b')]).to eq([1, 5])
  end
end
