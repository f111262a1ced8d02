require_relative '../lib/stock'

RSpec.describe 'restocking (the heavy file)' do
  it 'restocks many times' do
    work(0.6)
    stock = Stock.new
    100.times { stock.add('a', 1) }
    expect(stock.count('a')).to eq(100)
  end

  it 'empties again' do
    work(0.4)
    stock = Stock.new
    stock.add('a', 4)
    stock.take('a', 4)
    expect(stock.count('a')).to eq(0)
  end
end
